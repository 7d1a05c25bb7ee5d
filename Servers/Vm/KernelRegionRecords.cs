using System;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Vm
{
    // The regions' records kept by the kernel (VMREGIONS), so that they outlive this VM.
    internal sealed class KernelRegionRecords : IRegionRecords
    {
        public long Load(int endpoint, Span<byte> record) => Kernel.LoadRegions(endpoint, record);

        public long Save(int endpoint, ReadOnlySpan<byte> record) => Kernel.SaveRegions(endpoint, record);
    }
}
