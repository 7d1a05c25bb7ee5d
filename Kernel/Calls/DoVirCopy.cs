using System;
using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // VIRCOPY (MINIX's sys_vircopy): a0 = the caller's VirCopyRequest. Copies bytes from one
    // process's memory to another's (Endpoint.Self: the caller's), through both page tables and
    // the direct map. The POSIX servers reach their callers' memory this way: a path, a stat
    // buffer, execve's arguments. Only their call masks allow it: it trusts the caller with every
    // process's memory. A page of either side not mapped yet makes the call wait for VM, which
    // backs it if a region allows (MINIX's data_copy_vmcheck), and the call then runs again.
    // EFAULT for a request that cannot be read or a range that is not user memory the access may
    // use (the bytes before the fault are copied); EDEADSRCDST for a dead endpoint.
    internal static unsafe class DoVirCopy
    {
        private const ulong MaxLength = 256UL << 20;

        public static long Run(int slot, ulong requestAddress)
        {
            VirCopyRequest request;
            long copied = VmSuspension.CopyIn(slot, new UserSlice<Readable>(requestAddress, (ulong)sizeof(VirCopyRequest)), new Span<byte>(&request, sizeof(VirCopyRequest)));
            if (copied != 0) return copied;
            if (request.Length > MaxLength) return -(long)Errno.EINVAL;
            if (!Resolve(slot, request.SourceEndpoint, out int source) || !Resolve(slot, request.DestinationEndpoint, out int destination))
                return -(long)Errno.EDEADSRCDST;
            if (ProcessMemory.Copy(ref ProcessTable.Slot(source).Space, request.SourceAddress, ref ProcessTable.Slot(destination).Space,
                                   request.DestinationAddress, request.Length))
                return 0;
            // A page VM has not backed yet (a POSIX process's fresh heap or stack, a buffer just
            // mapped): the call waits for VM and runs again whole, the bytes copied so far copied
            // again; a page that is there but refuses the access is EFAULT.
            return VmSuspension.FindAbsent(destination, request.DestinationAddress, request.Length, out _)
                ? VmSuspension.Unbacked(slot, destination, request.DestinationAddress, request.Length, write: true)
                : VmSuspension.Unbacked(slot, source, request.SourceAddress, request.Length, write: false);
        }

        private static bool Resolve(int caller, int endpoint, out int slot)
        {
            slot = caller;
            return endpoint == Endpoint.Self || IpcProcesses.TryResolve(endpoint, out slot);
        }
    }
}
