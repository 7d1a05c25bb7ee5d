using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // VIRCOPY (MINIX's sys_vircopy): a0 = the two endpoints (VirCopyEndpoints: Endpoint.Self is
    // the caller), a1 and a2 the source and destination addresses, a3 the length. Copies bytes
    // from one process's memory to another's, through both page tables and the direct map. The
    // POSIX servers reach their callers' memory this way: a path, a stat buffer, execve's
    // arguments, a pipe's bytes. Only their call masks allow it: it trusts the caller with every
    // process's memory. A page of either side not mapped yet makes the call wait for VM, which
    // backs it if a region allows (MINIX's data_copy_vmcheck), and the call then runs again.
    // EFAULT for a range that is not user memory the access may use (the bytes before the fault
    // are copied); EDEADSRCDST for a dead endpoint.
    internal static unsafe class DoVirCopy
    {
        private const ulong MaxLength = 256UL << 20;

        public static long Run(int slot, ulong endpoints, ulong sourceAddress, ulong destinationAddress, ulong length)
        {
            if (length > MaxLength) return -(long)Errno.EINVAL;
            if (!Resolve(slot, VirCopyEndpoints.Source(endpoints), out int source) || !Resolve(slot, VirCopyEndpoints.Destination(endpoints), out int destination))
                return -(long)Errno.EDEADSRCDST;
            // The caller's own side (VFS's path buffer, a stat record) needs no walk of its tables.
            if (source == slot && destination != slot
                    ? ProcessMemory.CopyWithCaller(sourceAddress, ref ProcessTable.Slot(destination).Space, destinationAddress, length, toCaller: false)
                    : destination == slot && source != slot
                      && ProcessMemory.CopyWithCaller(destinationAddress, ref ProcessTable.Slot(source).Space, sourceAddress, length, toCaller: true))
                return 0;
            if (ProcessMemory.Copy(ref ProcessTable.Slot(source).Space, sourceAddress, ref ProcessTable.Slot(destination).Space, destinationAddress, length))
                return 0;
            // A page VM has not backed yet (a POSIX process's fresh heap or stack, a buffer just
            // mapped): the call waits for VM and runs again whole, the bytes copied so far copied
            // again; a page that is there but refuses the access is EFAULT.
            return VmSuspension.FindAbsent(destination, destinationAddress, length, out _)
                ? VmSuspension.Unbacked(slot, destination, destinationAddress, length, write: true)
                : VmSuspension.Unbacked(slot, source, sourceAddress, length, write: false);
        }

        private static bool Resolve(int caller, int endpoint, out int slot)
        {
            slot = caller;
            return endpoint == Endpoint.Self || IpcProcesses.TryResolve(endpoint, out slot);
        }
    }
}
