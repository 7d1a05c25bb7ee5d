using System;
using Lunix.Abi;

namespace Lunix.Servers.Vm
{
    // Other processes' page tables as VM changes them: its VM kernel calls, and VIRCOPY into a
    // process's memory (KernelPageTables; the hosted tests give a stand-in). Results are 0 or
    // a negated Errno. Every range is whole pages of one process.
    public interface IPageTables
    {
        // Zeroed frames for the absent pages (VMMAP); pages already there stay as they are.
        int Back(int process, ulong address, ulong length, VmProtection protection);
        // The pages go, holes are fine (VMUNMAP).
        int Unmap(int process, ulong address, ulong length);
        // New rights for the pages there, holes are fine (VMPROTECT).
        int Protect(int process, ulong address, ulong length, VmProtection protection);
        // The pages of [from, from + length) to [to, to + length), which holds none (VMMOVE).
        int Move(int process, ulong from, ulong to, ulong length);
        // A byte per page from `address`, 1 where one is mapped (VMQUERY); `present.Length` pages.
        int Query(int process, ulong address, Span<byte> present);
        // Device memory from `physical` at [address, address + length), write-combining, on the
        // authority of `owner`, the device's driver (VMMAPPHYSICAL): EPERM outside its ranges.
        int MapDevice(int process, int owner, ulong address, ulong length, ulong physical, bool writable);
        // Bytes into the process's memory, which must be there and writable (VIRCOPY).
        int CopyTo(int process, ulong address, ReadOnlySpan<byte> bytes);
    }
}
