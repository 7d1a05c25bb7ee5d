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
        [SkipLocalsInit]
        public PagingResult Unmap(ulong address, ulong length)
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

        // Splits the huge pages straddling either end of range, so that every leaf lies wholly
        // inside it or wholly outside.
        private PagingResult SplitAround(in VirtualRange range, ref TlbBatch tlb)
        {
            PagingResult result = SplitAt(range.Start, ref tlb);
            return result == PagingResult.Ok ? SplitAt(range.End, ref tlb) : result;
        }

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
        private void RemoveLeaves(in VirtualRange range, ref TlbBatch tlb)
        {
            ref readonly PageTableWalker walker = ref _context.Walker;
            for (ulong cursor = range.Start; cursor < range.End;)
            {
                walker.Walk(_root, cursor, out PageWalk walk);
                ulong size = PageTableEntry.Coverage(walk.Level);
                if (walk.Entry.IsPresent)
                {
                    walker.ReleaseReferences(walk.Entry.PhysicalAddress, size);
                    tlb.Add(VirtualRange.Canonical(cursor), walk.Entry.IsGlobal);
                    walker.ClearLeaf(in walk);
                }
                // An absent entry stands for its whole span: skip to the next one.
                cursor = (cursor & ~(size - 1)) + size;
            }
        }
    }
}
