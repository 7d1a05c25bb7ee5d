using System.Runtime.CompilerServices;
using Lunix.Arch.X86.Memory;

namespace Lunix.Kernel.Memory
{
    // The mechanics every page-table operation shares: walking from a root, installing a leaf
    // with tables made on demand, clearing a leaf and freeing the tables it leaves empty,
    // splitting a huge page, and the per-4 KiB-frame references a leaf holds.
    //
    // Invariants the operations keep:
    // - every table frame's TableEntryCount is the number of present entries in it;
    // - a table is never empty except a root and a kernel-half PDPT (the ones shared through
    //   the kernel template), so a present link entry always has a mapping below it;
    // - a leaf holds one reference on each managed 4 KiB frame it maps, huge leaves included;
    // - tables are never shared between address spaces, except the kernel-half PDPTs.
    public readonly unsafe struct PageTableWalker
    {
        private const ulong Present = PageTableEntry.Present;
        private const ulong FrameSize = FrameAllocator.FrameSize;

        public readonly PhysicalWindow Window;
        public readonly FrameAllocator Frames;

        public PageTableWalker(PhysicalWindow window, FrameAllocator frames)
        {
            Window = window;
            Frames = frames;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public ulong* Slot(ulong table, ulong address, PageLevel level) => Window.Table(table) + PageTableEntry.Index(address, level);

        // Walks from root to the leaf mapping address, or to the first entry that is not present.
        public void Walk(ulong root, ulong address, out PageWalk walk)
        {
            Unsafe.SkipInit(out walk);
            walk.Address = address;
            ulong table = root;
            PageLevel level = PageLevel.Pml4;
            while (true)
            {
                walk.Visit(level, table);
                ulong* slot = Slot(table, address, level);
                ulong value = *slot;
                // PS is reserved (always clear) at level 4, so no level check is needed for it.
                if ((value & Present) == 0 || level == PageLevel.PageTable || (value & PageTableEntry.Huge) != 0)
                {
                    walk.Slot = slot;
                    walk.Entry = new PageTableEntry(value, level);
                    return;
                }
                table = value & PageTableEntry.AddressMask;
                level--;
            }
        }

        // The page table (level 1) for address, when all the tables above it exist and none of
        // the entries on the way maps a huge page: the fast path of 4 KiB map and unmap.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool TryFindPageTable(ulong root, ulong address, out ulong pageTable)
        {
            const ulong PresentTable = Present, PresentOrHuge = Present | PageTableEntry.Huge;
            // PS is reserved (always clear) at level 4: only presence needs testing there.
            ulong value = *Slot(root, address, PageLevel.Pml4);
            if ((value & Present) != 0)
            {
                value = *Slot(value & PageTableEntry.AddressMask, address, PageLevel.PageDirectoryPointerTable);
                if ((value & PresentOrHuge) == PresentTable)
                {
                    value = *Slot(value & PageTableEntry.AddressMask, address, PageLevel.PageDirectory);
                    pageTable = value & PageTableEntry.AddressMask;
                    return (value & PresentOrHuge) == PresentTable;
                }
            }
            pageTable = 0;
            return false;
        }

        // Writes leaf (an entry for level target) for address, making the tables above it that
        // do not exist yet. Overlap if address is mapped already, at any page size; on any error
        // nothing has changed.
        public PagingResult InstallLeaf(ulong root, ulong address, PageLevel target, ulong leaf)
        {
            ulong table = root;
            PageLevel level = PageLevel.Pml4;
            for (; level > target; level--)
            {
                ulong value = *Slot(table, address, level);
                if ((value & Present) == 0) return InstallWithNewTables(table, level, address, target, leaf);
                if ((value & PageTableEntry.Huge) != 0) return PagingResult.Overlap;
                table = value & PageTableEntry.AddressMask;
            }
            ulong* slot = Slot(table, address, target);
            if ((*slot & Present) != 0) return PagingResult.Overlap;
            *slot = leaf;
            Frames.TableEntryCount(table)++;
            return PagingResult.Ok;
        }

        // InstallLeaf for a 4 KiB page, with the fast path inlined into the caller.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public PagingResult InstallSmallPage(ulong root, ulong address, ulong leaf)
        {
            if (!TryFindPageTable(root, address, out ulong pageTable)) return InstallLeaf(root, address, PageLevel.PageTable, leaf);
            ulong* entry = Slot(pageTable, address, PageLevel.PageTable);
            if ((*entry & Present) != 0) return PagingResult.Overlap;
            *entry = leaf;
            Frames.TableEntryCount(pageTable)++;
            return PagingResult.Ok;
        }

        // The entry at (table, level) is missing: make one table per level down to target.
        private PagingResult InstallWithNewTables(ulong table, PageLevel level, ulong address, PageLevel target, ulong leaf)
        {
            // Kernel-half top-level tables come only from the template, so that all spaces share them.
            if (level == PageLevel.Pml4 && VirtualRange.IsKernelHalf(address)) return PagingResult.KernelTableMissing;
            ulong linkTable = table;
            PageLevel linkLevel = level;
            for (; level > target; level--)
            {
                if (!TryAllocateTable(out ulong fresh))
                {
                    if (table != linkTable) RemoveNewTables(linkTable, linkLevel, address);
                    return PagingResult.OutOfFrames;
                }
                *Slot(table, address, level) = PageTableEntry.Table(level, fresh).Value;
                Frames.TableEntryCount(table)++;
                table = fresh;
            }
            *Slot(table, address, target) = leaf;
            Frames.TableEntryCount(table)++;
            return PagingResult.Ok;
        }

        // Undoes a partly built chain of new tables hanging off (table, level): each of them
        // holds at most the link to the next.
        private void RemoveNewTables(ulong table, PageLevel level, ulong address)
        {
            ulong* slot = Slot(table, address, level);
            ulong fresh = *slot & PageTableEntry.AddressMask;
            *slot = 0;
            Frames.TableEntryCount(table)--;
            while (true)
            {
                level--;
                ulong next = *Slot(fresh, address, level);
                FreeTable(fresh);
                if ((next & Present) == 0) return;
                fresh = next & PageTableEntry.AddressMask;
            }
        }

        // Clears the leaf walk stopped at, then frees each table that this leaves empty, going
        // up. The caller has released the leaf's references and invalidates the TLB: the freed
        // tables lie under that page, and invlpg drops paging-structure caches along with it.
        public void ClearLeaf(in PageWalk walk)
        {
            *walk.Slot = 0;
            CountRemoved(in walk, walk.Level);
        }

        // Clears a 4 KiB page's entry in pageTable, found by TryFindPageTable, as ClearLeaf does.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void ClearSmallPage(ulong root, ulong address, ulong pageTable, ulong* entry)
        {
            *entry = 0;
            ref ushort count = ref Frames.TableEntryCount(pageTable);
            if (count > 1) count--;
            else FreeEmptyPageTable(root, address);
        }

        // The page table for address lost its last entry: walk again for the path, along which
        // tables may go. Kept out of line: the walk it holds would cost every caller a frame.
        [SkipLocalsInit, MethodImpl(MethodImplOptions.NoInlining)]
        private void FreeEmptyPageTable(ulong root, ulong address)
        {
            Walk(root, address, out PageWalk walk);
            CountRemoved(in walk, PageLevel.PageTable);
        }

        // An entry of the table at level on walk's path was cleared: counts it, and frees every
        // table this leaves empty, going up.
        private void CountRemoved(in PageWalk walk, PageLevel level)
        {
            while (true)
            {
                ulong table = walk.TableAt(level);
                ref ushort count = ref Frames.TableEntryCount(table);
                count--;
                if (count != 0 || level == PageLevel.Pml4) return;
                if (level == PageLevel.PageDirectoryPointerTable && VirtualRange.IsKernelHalf(walk.Address)) return;
                FreeTable(table);
                level++;
                *Slot(walk.TableAt(level), walk.Address, level) = 0;
            }
        }

        // Replaces the huge leaf walk stopped at with a table of 512 pages one level down that
        // map the same memory with the same attributes. References stay as they are: they were
        // per 4 KiB frame already. On OutOfFrames nothing has changed.
        public PagingResult Split(in PageWalk walk, ref TlbBatch tlb)
        {
            if (!Frames.TryAllocate(FrameZone.Any, out ulong table)) return PagingResult.OutOfFrames;
            PageTableEntry huge = walk.Entry;
            ulong* entries = Window.Table(table);
            for (int i = 0; i < PageTableEntry.EntriesPerTable; i++) entries[i] = huge.SplitPart(i).Value;
            Frames.TableEntryCount(table) = PageTableEntry.EntriesPerTable;
            *walk.Slot = PageTableEntry.Table(walk.Level, table).Value;
            // The translation is unchanged, but the TLB must not keep the huge entry next to
            // the new small ones (AMD erratum 383 machine-checks on that).
            tlb.Add(VirtualRange.Canonical(walk.Address), huge.IsGlobal);
            return PagingResult.Ok;
        }

        // Takes the references a leaf over [physical, physical + length) holds: one per frame the
        // allocator manages. The allocator refuses the others (device memory, firmware) as
        // Reserved or OutOfRange, which costs less than asking IsManaged first; isRam tells
        // whether the first frame was managed. On failure none is taken.
        public PagingResult TakeReferences(ulong physical, ulong length, out bool isRam)
        {
            PagingResult result = TakeReference(physical, out isRam);
            if (result != PagingResult.Ok) return result;
            for (ulong offset = FrameSize; offset < length; offset += FrameSize)
            {
                result = TakeReference(physical + offset, out _);
                if (result == PagingResult.Ok) continue;
                ReleaseReferences(physical, offset);
                return result;
            }
            return PagingResult.Ok;
        }

        // The reference of a 4 KiB leaf on frame, if the allocator manages it. Frames of RAM,
        // nearly every call, take the short path inline.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public PagingResult TakeReference(ulong frame, out bool isRam)
        {
            isRam = Frames.TryAddReference(frame);
            return isRam ? PagingResult.Ok : TakeOtherReference(frame, out isRam);
        }

        // TakeReference for what the short path refused: memory the allocator does not manage,
        // a free frame, a full count.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private PagingResult TakeOtherReference(ulong frame, out bool isRam)
        {
            FrameResult result = Frames.AddReference(frame);
            isRam = result == FrameResult.Ok;
            if (isRam) return PagingResult.Ok;
            return Refusal(result);
        }

        // What AddReference's refusal means for a mapping: frames the allocator does not manage
        // need no reference, so only a free frame or a full count is an error.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static PagingResult Refusal(FrameResult result)
        {
            if (result == FrameResult.Reserved || result == FrameResult.OutOfRange) return PagingResult.Ok;
            return result == FrameResult.CountOverflow ? PagingResult.ReferenceOverflow : PagingResult.FrameNotAllocated;
        }

        // Drops the references TakeReferences took; the allocator refuses, changing nothing, the
        // frames it does not manage, which are the ones that got none.
        public void ReleaseReferences(ulong physical, ulong length)
        {
            for (ulong offset = 0; offset < length; offset += FrameSize) Frames.Release(physical + offset);
        }

        // A zeroed table; the allocator starts its TableEntryCount at zero.
        public bool TryAllocateTable(out ulong table)
        {
            if (!Frames.TryAllocate(FrameZone.Any, out table)) return false;
            Window.Zero(table, FrameSize);
            return true;
        }

        // The allocator zeroes TableEntryCount when it hands the frame out again.
        public void FreeTable(ulong table) => Frames.Release(table);

        // Frees the tables and releases the leaves of the subtree below a table of the given
        // level; its present entries are found without scanning past the last one.
        public void FreeSubtree(ulong table, PageLevel level)
        {
            ulong* entries = Window.Table(table);
            var present = new PresentEntries(entries, 0, PageTableEntry.EntriesPerTable, Frames.TableEntryCount(table));
            if (level == PageLevel.PageTable)
            {
                ReleasePages(entries, ref present);
                FreeTable(table);
                return;
            }
            while (present.Next(out int i))
            {
                PageTableEntry entry = new PageTableEntry(entries[i], level);
                if (entry.IsLeaf) ReleaseReferences(entry.PhysicalAddress, PageTableEntry.Coverage(level));
                else FreeSubtree(entry.PhysicalAddress, level - 1);
            }
            FreeTable(table);
        }

        // The references of a page table's leaves, one 4 KiB frame each: where nearly all of a
        // space's pages are, so they go without the general leaf's tests.
        private void ReleasePages(ulong* entries, ref PresentEntries present)
        {
            while (present.Next(out int i)) Frames.Release(entries[i] & PageTableEntry.AddressMask);
        }
    }
}
