using System.Runtime.CompilerServices;
using Lunix.Arch.X86.Memory;

namespace Lunix.Kernel.Memory
{
    public unsafe partial struct AddressSpace
    {
        // Gives every page of the range exactly these attributes (accessed and dirty state is
        // kept). NotMapped, before anything changes, when part of the range is not mapped. A huge
        // page straddling an end is split first; OutOfFrames then leaves the mapping as before,
        // at most finer-grained.
        [SkipLocalsInit]
        public PagingResult Protect(ulong address, ulong length, PageAttributes attributes)
        {
            if (_context == null) return PagingResult.NoAddressSpace;
            PagingResult result = VirtualRange.From(address, length, out VirtualRange range);
            if (result != PagingResult.Ok) return result;
            if (!AreValid(attributes)) return PagingResult.InvalidAttributes;
            if (!IsFullyMapped(range)) return PagingResult.NotMapped;
            Unsafe.SkipInit(out TlbBatch tlb);
            tlb.Begin();
            result = SplitAround(range, ref tlb);
            if (result == PagingResult.Ok) ChangeAttributes(range, (ulong)attributes, ref tlb);
            Finish(ref tlb);
            return result;
        }

        [SkipLocalsInit]
        private bool IsFullyMapped(in VirtualRange range)
        {
            ref readonly PageTableWalker walker = ref _context.Walker;
            for (ulong cursor = range.Start; cursor < range.End;)
            {
                walker.Walk(_root, cursor, out PageWalk walk);
                if (!walk.Entry.IsPresent) return false;
                ulong size = PageTableEntry.Coverage(walk.Level);
                cursor = (cursor & ~(size - 1)) + size;
            }
            return true;
        }

        // Sets the attributes of the leaves in range, each of which lies wholly inside it.
        [SkipLocalsInit]
        private void ChangeAttributes(in VirtualRange range, ulong attributes, ref TlbBatch tlb)
        {
            ref readonly PageTableWalker walker = ref _context.Walker;
            for (ulong cursor = range.Start; cursor < range.End;)
            {
                walker.Walk(_root, cursor, out PageWalk walk);
                PageTableEntry updated = walk.Entry.WithAttributes(attributes);
                if (updated.Value != walk.Entry.Value)
                {
                    *walk.Slot = updated.Value;
                    tlb.Add(VirtualRange.Canonical(cursor), walk.Entry.IsGlobal || updated.IsGlobal);
                }
                ulong size = PageTableEntry.Coverage(walk.Level);
                cursor = (cursor & ~(size - 1)) + size;
            }
        }
    }
}
