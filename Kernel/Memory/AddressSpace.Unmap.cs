using System.Runtime.CompilerServices;
using Lunix.Arch.X86.Memory;

namespace Lunix.Kernel.Memory
{
    public unsafe partial struct AddressSpace
    {
        // Unmaps every page in the range (holes are fine): each releases its references, which
        // frees anonymous frames, and tables left empty are freed. A huge page straddling an
        // end of the range is split first; OutOfFrames (no frame for that table) comes before
        // anything is unmapped, and then the mapping is as before, at most finer-grained.
        // One page, the common case, has a path of its own, as for Map.
        public PagingResult Unmap(ulong address, ulong length)
            => length == FrameSize ? UnmapPage(address) : UnmapRange(address, length);

        private PagingResult UnmapPage(ulong address)
        {
            if (_context == null) return PagingResult.NoAddressSpace;
            if ((address & (FrameSize - 1)) != 0) return PagingResult.Misaligned;
            if (!VirtualRange.IsCanonical(address)) return PagingResult.OutOfRange;
            // No page table there: nothing is mapped, or a huge page that needs splitting.
            return TryRemoveSmallPage(address) ? PagingResult.Ok : UnmapRange(address, FrameSize);
        }

        [SkipLocalsInit, MethodImpl(MethodImplOptions.NoInlining)]
        private PagingResult UnmapRange(ulong address, ulong length)
        {
            if (_context == null) return PagingResult.NoAddressSpace;
            PagingResult result = VirtualRange.From(address, length, out VirtualRange range);
            if (result != PagingResult.Ok) return result;
            Unsafe.SkipInit(out TlbBatch tlb);
            tlb.Begin();
            result = SplitAround(range, ref tlb);
            if (result == PagingResult.Ok) RemoveLeaves(range, ref tlb);
            Finish(ref tlb);
            return result;
        }

        // Unmaps the 4 KiB page at (canonical) address if a page table holds it; false when
        // there is no page table there (nothing or a huge page is mapped).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private bool TryRemoveSmallPage(ulong address)
        {
            ref readonly PageTableWalker walker = ref _context.Walker;
            if (!walker.TryFindPageTable(_root, address, out ulong pageTable)) return false;
            ulong* entry = walker.Slot(pageTable, address, PageLevel.PageTable);
            ulong value = *entry;
            if ((value & PageTableEntry.Present) == 0) return true;
            walker.ClearSmallPage(_root, address, pageTable, entry);
            TlbBatch.InvalidateNow(_context.Tlb, _root, address);
            // Released last, once no translation can reach the frame; refused, harmlessly, for
            // device memory.
            _context.Walker.Frames.Release(value & PageTableEntry.AddressMask);
            return true;
        }

        // Splits the huge pages straddling either end of range, so that every leaf lies wholly
        // inside it or wholly outside.
        private PagingResult SplitAround(in VirtualRange range, ref TlbBatch tlb)
        {
            PagingResult result = SplitAt(range.Start, ref tlb);
            return result == PagingResult.Ok ? SplitAt(range.End, ref tlb) : result;
        }

        [SkipLocalsInit]
        private PagingResult SplitAt(ulong boundary, ref TlbBatch tlb)
        {
            // No page straddles a 1 GiB boundary (the top of either half is one).
            if ((boundary & (PageTableEntry.Coverage(PageLevel.PageDirectoryPointerTable) - 1)) == 0) return PagingResult.Ok;
            ref readonly PageTableWalker walker = ref _context.Walker;
            while (true)
            {
                walker.Walk(_root, boundary, out PageWalk walk);
                if (!walk.Entry.IsPresent || !walk.Entry.IsHuge || (boundary & (PageTableEntry.Coverage(walk.Level) - 1)) == 0) return PagingResult.Ok;
                PagingResult result = walker.Split(in walk, ref tlb);
                if (result != PagingResult.Ok) return result;
            }
        }

        // Unmaps the leaves in range, each of which lies wholly inside it.
        [SkipLocalsInit]
        private void RemoveLeaves(in VirtualRange range, ref TlbBatch tlb)
        {
            ref readonly PageTableWalker walker = ref _context.Walker;
            for (ulong cursor = range.Start; cursor < range.End;)
            {
                walker.Walk(_root, cursor, out PageWalk walk);
                ulong size = PageTableEntry.Coverage(walk.Level);
                if (walk.Entry.IsPresent) RemoveLeaf(in walk, ref tlb);
                // An absent entry stands for its whole span: skip to the next one.
                cursor = (cursor & ~(size - 1)) + size;
            }
        }

        private void RemoveLeaf(in PageWalk walk, ref TlbBatch tlb)
        {
            ref readonly PageTableWalker walker = ref _context.Walker;
            walker.ReleaseReferences(walk.Entry.PhysicalAddress, PageTableEntry.Coverage(walk.Level));
            tlb.Add(VirtualRange.Canonical(walk.Address), walk.Entry.IsGlobal);
            walker.ClearLeaf(in walk);
        }
    }
}
