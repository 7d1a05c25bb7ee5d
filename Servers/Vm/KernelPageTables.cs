using System;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Vm
{
    // IPageTables through the kernel calls only VM may make.
    internal sealed unsafe class KernelPageTables : IPageTables
    {
        public int Back(int process, ulong address, ulong length, VmProtection protection) =>
            (int)Syscalls.KernelCall(KernelCalls.VmMap, process, (long)address, (long)length, (long)protection);

        public int Unmap(int process, ulong address, ulong length) =>
            (int)Syscalls.KernelCall(KernelCalls.VmUnmap, process, (long)address, (long)length);

        public int Protect(int process, ulong address, ulong length, VmProtection protection) =>
            (int)Syscalls.KernelCall(KernelCalls.VmProtect, process, (long)address, (long)length, (long)protection);

        public int Move(int process, ulong from, ulong to, ulong length) =>
            (int)Syscalls.KernelCall(KernelCalls.VmMove, process, (long)from, (long)to, (long)length);

        public int Query(int process, ulong address, Span<byte> present)
        {
            fixed (byte* buffer = present)
                return (int)Syscalls.KernelCall(KernelCalls.VmQuery, process, (long)address, (long)present.Length * (long)VmRequests.PageSize, (long)buffer);
        }

        public int MapDevice(int process, int owner, ulong address, ulong length, ulong physical, bool writable) =>
            (int)Syscalls.KernelCall(KernelCalls.VmMapPhysical, PhysicalMapping.Target(process, owner), (long)address, (long)length,
                                     PhysicalMapping.Pack(physical, PhysicalCaching.WriteCombining, readOnly: !writable));

        public int CopyTo(int process, ulong address, ReadOnlySpan<byte> bytes) =>
            new ProcessSlice<Writable>(process, address, (ulong)bytes.Length).CopyFrom(bytes);
    }
}
