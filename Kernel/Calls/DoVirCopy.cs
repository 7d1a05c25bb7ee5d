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
    // process's memory. A page of either side that is not mapped at all may be one VM has not
    // backed yet (a program's untouched buffer, a server's fresh region): the call then waits for
    // VM and starts again whole, as SAFECOPY does; EFAULT when VM refuses, or for a request that
    // cannot be read or a range that is not user memory (the bytes before the fault are copied);
    // EDEADSRCDST for a dead endpoint.
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
            long sourceSide = VmSuspension.Unbacked(slot, source, request.SourceAddress, request.Length, write: false);
            return sourceSide != -(long)Errno.EFAULT ? sourceSide
                 : VmSuspension.Unbacked(slot, destination, request.DestinationAddress, request.Length, write: true);
        }

        private static bool Resolve(int caller, int endpoint, out int slot)
        {
            slot = caller;
            return endpoint == Endpoint.Self || IpcProcesses.TryResolve(endpoint, out slot);
        }
    }
}
