using System;
using Lunix.Arch.X86.Memory;
using Lunix.Abi;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // VMSHARE (MINIX's map_memory in the kernel's hands): a0 = VM's VmShareRequest. Every page of
    // the source range (all present: VM backs it first with VMMAP) is mapped at the same offset
    // of the target range, on the same frame, which gains a reference.
    // - Shared: the target's pages get the request's protection; a source page still
    //   copy-on-write gets its own frame first, so that both sides really write the same one.
    // - CopyOnWrite: a writable source page becomes read-only copy-on-write in both (the first
    //   write on either side copies it, through VM); a read-only page is shared read-only.
    // EFAULT for an absent source page, EINVAL for bad ranges; an error part-way leaves the pages
    // mapped so far (VM unmaps the target range).
    internal static unsafe class DoVmShare
    {
        private const ulong PageSize = VmRequests.PageSize;

        public static long Run(ulong requestAddress)
        {
            VmShareRequest request;
            if (new UserSlice<Readable>(requestAddress, VmShareRequest.Size).CopyTo(new Span<byte>(&request, VmShareRequest.Size)) != Errno.Ok)
                return -(long)Errno.EFAULT;
            int targetSlot = 0;
            Errno error = VmTarget.Resolve(request.SourceEndpoint, out int sourceSlot);
            if (error == Errno.Ok) error = VmTarget.Resolve(request.TargetEndpoint, out targetSlot);
            if (error != Errno.Ok) return -(long)error;
            if (!VmTarget.IsUserRange(request.SourceAddress, request.Length) || !VmTarget.IsUserRange(request.TargetAddress, request.Length)
                || sourceSlot == targetSlot && request.SourceAddress < request.TargetAddress + request.Length && request.TargetAddress < request.SourceAddress + request.Length)
                return -(long)Errno.EINVAL;
            if (!VmTarget.TryAttributes((long)request.Protection, out PageAttributes shared)) return -(long)Errno.EINVAL;
            ref AddressSpace source = ref ProcessTable.Slot(sourceSlot).Space;
            ref AddressSpace target = ref ProcessTable.Slot(targetSlot).Space;
            for (ulong offset = 0; offset < request.Length; offset += PageSize)
            {
                error = SharePage(ref source, request.SourceAddress + offset, ref target, request.TargetAddress + offset, request.Mode, shared);
                if (error != Errno.Ok) return -(long)error;
            }
            return 0;
        }

        private static Errno SharePage(ref AddressSpace source, ulong from, ref AddressSpace target, ulong to, VmShareMode mode, PageAttributes shared)
        {
            if (!source.Query(from, out PageMapping mapping) || (mapping.Attributes & PageAttributes.User) == 0) return Errno.EFAULT;
            PageAttributes attributes = mapping.Attributes & (PageAttributes.User | PageAttributes.Writable | PageAttributes.NoExecute | PageAttributes.CopyOnWrite);
            PagingResult result = PagingResult.Ok;
            if (mode == VmShareMode.Shared)
            {
                if ((attributes & PageAttributes.CopyOnWrite) != 0) result = source.ResolveCopyOnWrite(from);
                attributes = shared;
            }
            else if ((attributes & PageAttributes.Writable) != 0)
            {
                attributes = (attributes & ~PageAttributes.Writable) | PageAttributes.CopyOnWrite;
                result = source.Protect(from, PageSize, attributes);
            }
            // The frame after any copy the source just made.
            if (result == PagingResult.Ok && source.Query(from, out mapping))
                result = target.Map(to, mapping.Translate(from), PageSize, attributes);
            return VmTarget.ErrnoOf(result);
        }
    }
}
