using System.Runtime.CompilerServices;
using Lunix.Arch.X86.Memory;

namespace Lunix.Kernel.Memory
{
    public unsafe partial struct AddressSpace
    {
        // mremap's move (VMMOVE): the pages mapped in [from, from + length) go to the same offsets
        // of [to, to + length), on the same frames with the same attributes (copy-on-write and
        // Shared marks included); holes stay holes. The target range must not overlap the source
        // and must hold nothing (Overlap, before anything changes). OutOfFrames (a table for the
        // target, or a split at the source's ends) leaves everything as it was. The cost is per
        // page mapped, not per byte.
        [SkipLocalsInit]
        public PagingResult Move(ulong from, ulong to, ulong length)
        {
            if (_context == null) return PagingResult.NoAddressSpace;
            PagingResult result = VirtualRange.From(from, length, out VirtualRange source);
            if (result == PagingResult.Ok) result = VirtualRange.From(to, length, out VirtualRange target);
            if (result != PagingResult.Ok) return result;
            if (source.InKernelHalf || VirtualRange.IsKernelHalf(to)) return PagingResult.OutOfRange;
            if (from < to + length && to < from + length || !IsEmpty(to, length)) return PagingResult.Overlap;
            ref readonly PageTableWalker walker = ref _context.Walker;
            for (ulong cursor = from; cursor < from + length;)
            {
                walker.Walk(_root, cursor, out PageWalk walk);
                ulong size = PageTableEntry.Coverage(walk.Level), leaf = cursor & ~(size - 1);
                ulong next = leaf + size < from + length ? leaf + size : from + length;
                if (walk.Entry.IsPresent)
                {
                    var attributes = (PageAttributes)walk.Entry.Attributes;
                    for (; cursor < next; cursor += FrameSize)
                    {
                        result = MapPage(to + (cursor - from), walk.Entry.PhysicalAddress + (cursor - leaf), attributes);
                        if (result != PagingResult.Ok) break;
                    }
                    if (result != PagingResult.Ok)
                    {
                        if (cursor > from) Unmap(to, cursor - from);
                        return result;
                    }
                }
                cursor = next;
            }
            result = Unmap(from, length);
            if (result != PagingResult.Ok) Unmap(to, length);
            return result;
        }

        // Nothing mapped in [address, address + length): each absent entry stands for its whole span.
        [SkipLocalsInit]
        private bool IsEmpty(ulong address, ulong length)
        {
            ref readonly PageTableWalker walker = ref _context.Walker;
            for (ulong cursor = address; cursor < address + length;)
            {
                walker.Walk(_root, cursor, out PageWalk walk);
                if (walk.Entry.IsPresent) return false;
                ulong size = PageTableEntry.Coverage(walk.Level);
                cursor = (cursor & ~(size - 1)) + size;
            }
            return true;
        }
    }
}
