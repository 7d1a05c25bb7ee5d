using System;
using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // SAFECOPYFROM and SAFECOPYTO (MINIX's do_safecopy): a0 = the caller's SafeCopyRequest.
    // Copies between a range of a grant (its owner's memory) and the caller's buffer, after
    // GrantChain has checked the grant with the caller as the grantee: there is no field to name
    // anyone else. The grant's side is reached through the owner's page tables, the caller's
    // through the user-copy routine, a chunk at a time through a buffer on the kernel stack.
    // EFAULT for a request or buffer that cannot be read or written; GrantChain's errors else.
    // A fault part-way leaves the bytes before it copied. A page of either side that is not
    // mapped at all may be one VM has not backed yet: then the call waits for VM and, once the
    // page is there, starts again (MINIX's VMSUSPEND); EFAULT only if VM refuses. So does the
    // request itself, and a grant table entry, in whichever process on the chain owns it.
    internal static unsafe class DoSafeCopy
    {
        private const int Chunk = 256;

        public static long Run(int slot, ulong requestAddress, GrantFlags access)
        {
            SafeCopyRequest request;
            long read = VmSuspension.CopyIn(slot, new UserSlice<Readable>(requestAddress, SafeCopyRequest.Size), new Span<byte>(&request, SafeCopyRequest.Size));
            if (read != 0) return read;
            if (!new UserSlice<ReadWrite>(request.Buffer, request.Length).IsInUserHalf) return -(long)Errno.EFAULT;
            var tables = new ProcessGrantTables();
            Errno verdict = GrantChain.Resolve(ref tables, IpcProcesses.EndpointOf(slot), request.Owner, request.Grant,
                                               request.Offset, request.Length, access, out GrantTarget target);
            if (verdict == Errno.EFAULT) return VmSuspension.Unbacked(slot, tables.UnreadOwner, tables.UnreadEntry, Grant.Size, write: false);
            if (verdict != Errno.Ok) return -(long)verdict;

            byte* bounce = stackalloc byte[Chunk];
            for (ulong done = 0; done < request.Length;)
            {
                int size = (int)Math.Min((ulong)Chunk, request.Length - done);
                var chunk = new Span<byte>(bounce, size);
                bool copied = access == GrantFlags.Read
                    ? ProcessMemory.Read(target.Slot, target.Address + done, chunk)
                      && new UserSlice<Writable>(request.Buffer + done, (ulong)size).CopyFrom(chunk) == Errno.Ok
                    : new UserSlice<Readable>(request.Buffer + done, (ulong)size).CopyTo(chunk) == Errno.Ok
                      && ProcessMemory.Write(target.Slot, target.Address + done, chunk);
                if (!copied) return Unbacked(slot, target.Slot, request.Buffer + done, target.Address + done, (ulong)size, access);
                done += (ulong)size;
            }
            return 0;
        }

        // The failed chunk's first absent page, the caller's side first: the call waits for VM
        // to back it (KernelCallTable.Suspended); with nothing absent, or no VM, EFAULT.
        private static long Unbacked(int slot, int owner, ulong buffer, ulong granted, ulong size, GrantFlags access)
        {
            bool intoCaller = access == GrantFlags.Read;
            long callerSide = VmSuspension.Unbacked(slot, slot, buffer, size, write: intoCaller);
            return callerSide != -(long)Errno.EFAULT ? callerSide : VmSuspension.Unbacked(slot, owner, granted, size, write: !intoCaller);
        }
    }
}
