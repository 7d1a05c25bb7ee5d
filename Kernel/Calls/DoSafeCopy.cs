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
    // anyone else. The grant's side is reached through the owner's page tables and the direct
    // map, a page at a time, and copied straight to or from the caller's buffer by the user-copy
    // routine (no bounce buffer: a 256-byte one cost a page-table walk per 256 bytes).
    // EFAULT for a request or buffer that cannot be read or written; GrantChain's errors else.
    // A fault part-way leaves the bytes before it copied. A page of either side that is not
    // mapped at all may be one VM has not backed yet: then the call waits for VM and, once the
    // page is there, starts again (MINIX's VMSUSPEND); EFAULT only if VM refuses. So does the
    // request itself, and a grant table entry, in whichever process on the chain owns it.
    internal static unsafe class DoSafeCopy
    {
        private const ulong PageSize = FrameAllocator.FrameSize;

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

            for (ulong done = 0; done < request.Length;)
            {
                ulong at = target.Address + done;
                ulong size = Math.Min(request.Length - done, PageSize - (at & (PageSize - 1)));
                bool write = access == GrantFlags.Write;
                bool copied = ProcessMemory.TryMap(target.Slot, at, write, out byte* page)
                              && (write ? new UserSlice<Readable>(request.Buffer + done, size).CopyTo(new Span<byte>(page, (int)size))
                                        : new UserSlice<Writable>(request.Buffer + done, size).CopyFrom(new ReadOnlySpan<byte>(page, (int)size))) == Errno.Ok;
                if (!copied) return Unbacked(slot, target.Slot, request.Buffer + done, at, request.Length - done, access);
                done += size;
            }
            return 0;
        }

        // The first absent page of what is left to copy, the caller's side first: the call waits
        // for VM to back it and what follows (KernelCallTable.Suspended); with nothing absent, or
        // no VM, EFAULT.
        private static long Unbacked(int slot, int owner, ulong buffer, ulong granted, ulong size, GrantFlags access)
        {
            bool intoCaller = access == GrantFlags.Read;
            long callerSide = VmSuspension.Unbacked(slot, slot, buffer, size, write: intoCaller);
            return callerSide != -(long)Errno.EFAULT ? callerSide : VmSuspension.Unbacked(slot, owner, granted, size, write: !intoCaller);
        }
    }
}
