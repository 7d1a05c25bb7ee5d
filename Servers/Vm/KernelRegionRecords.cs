using System;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Vm
{
    // The regions' records kept by the kernel (VMREGIONS), so that they outlive this VM.
    internal sealed unsafe class KernelRegionRecords : IRegionRecords
    {
        public long Load(int endpoint, Span<byte> record)
        {
            fixed (byte* buffer = record)
                return Syscalls.KernelCall(KernelCalls.VmRegions, endpoint, (long)VmRegionsOp.Load, (long)buffer, record.Length);
        }

        public long Save(int endpoint, ReadOnlySpan<byte> record)
        {
            fixed (byte* buffer = record)
                return Syscalls.KernelCall(KernelCalls.VmRegions, endpoint, (long)VmRegionsOp.Save, (long)buffer, record.Length);
        }
    }
}
