using System.Runtime.CompilerServices;
using Lunix.Arch.X86.Memory;

namespace Lunix.Kernel.Memory
{
    public unsafe partial struct AddressSpace
    {
        // mprotect's change of a process's pages (VMPROTECT): every page mapped in the range gets
        // the access `rights` gives (User, Writable, NoExecute; nothing else), holes skipped, its
        // memory type kept. A page shared on purpose (Shared) takes them as they are. Any other
        // page keeps private what another space still maps: asked to be writable, it becomes
        // writable only when it is already, or when this space holds its frame's only reference
        // and it is not copy-on-write; otherwise it is copy-on-write, and its first write copies
        // the frame as after a fork. A page that loses write access loses copy-on-write with it,
        // so that nothing (not the kernel's own user copies either) writes it. A huge page
        // straddling an end is split first; OutOfFrames then changes nothing, the mapping at most
        // finer-grained.
        [SkipLocalsInit]
        public PagingResult ChangeRights(ulong address, ulong length, PageAttributes rights)
        {
            if (_context == null) return PagingResult.NoAddressSpace;
            PagingResult result = VirtualRange.From(address, length, out VirtualRange range);
            if (result != PagingResult.Ok) return result;
            if ((rights & ~(PageAttributes.User | PageAttributes.Writable | PageAttributes.NoExecute)) != 0) return PagingResult.InvalidAttributes;
            Unsafe.SkipInit(out TlbBatch tlb);
            tlb.Begin();
            result = SplitAround(range, ref tlb);
            if (result == PagingResult.Ok) RewriteRights(range, (ulong)rights, ref tlb);
            Finish(ref tlb);
            return result;
        }

        [SkipLocalsInit]
        private void RewriteRights(in VirtualRange range, ulong rights, ref TlbBatch tlb)
        {
            ref readonly PageTableWalker walker = ref _context.Walker;
            for (ulong cursor = range.Start; cursor < range.End;)
            {
                walker.Walk(_root, cursor, out PageWalk walk);
                ulong size = PageTableEntry.Coverage(walk.Level);
                if (walk.Entry.IsPresent)
                {
                    PageTableEntry updated = walk.Entry.WithAttributes(RightsOf(walk.Entry, rights));
                    if (updated.Value != walk.Entry.Value)
                    {
                        *walk.Slot = updated.Value;
                        tlb.Add(VirtualRange.Canonical(cursor), walk.Entry.IsGlobal);
                    }
                }
                cursor = (cursor & ~(size - 1)) + size;
            }
        }

        // The attribute bits of a present leaf given `rights`, by the rules above.
        private ulong RightsOf(PageTableEntry entry, ulong rights)
        {
            const ulong Kept = PageTableEntry.WriteThrough | PageTableEntry.CacheDisable | PageTableEntry.Global | PageTableEntry.Shared;
            ulong current = entry.Value, kept = current & Kept;
            if ((rights & PageTableEntry.Writable) == 0 || (current & (PageTableEntry.Writable | PageTableEntry.Shared)) != 0) return rights | kept;
            FrameAllocator frames = _context.Walker.Frames;
            ulong frame = entry.PhysicalAddress;
            // Memory that is not RAM has no copy to make (ResolveCopyOnWrite refuses it).
            if (!frames.IsManaged(frame) || (current & PageTableEntry.CopyOnWrite) == 0 && frames.ReferenceCount(frame) == 1) return rights | kept;
            return (rights & ~PageTableEntry.Writable) | PageTableEntry.CopyOnWrite | kept;
        }
    }
}
