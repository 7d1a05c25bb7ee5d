using System;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // Another process's memory for a kernel call that builds or reads something there (SIGSEND's
    // signal frame, SIGRETURN's): through that process's page tables (ProcessMemory), so whatever
    // space is loaded. A page VM has not backed yet (a stack page below those EXEC mapped) makes
    // the calling server wait for VM and make its call again; such a call changes nothing before
    // its copies are done. Anything else is EFAULT. Results: 0, or what the call returns.
    internal static class TargetMemory
    {
        public static long Read(int caller, int target, ulong address, Span<byte> into) =>
            ProcessMemory.Read(target, address, into) ? 0 : VmSuspension.Unbacked(caller, target, address, (ulong)into.Length, write: false);

        public static long Write(int caller, int target, ulong address, ReadOnlySpan<byte> from) =>
            ProcessMemory.Write(target, address, from) ? 0 : VmSuspension.Unbacked(caller, target, address, (ulong)from.Length, write: true);
    }
}
