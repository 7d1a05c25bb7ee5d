using System.Runtime.CompilerServices;
using Lunix.Arch.X86.Memory;

namespace Lunix.Kernel.Memory
{
    public unsafe partial struct AddressSpace
    {
        // A copy of this space, for fork (Lunaix's vmscpy): the same kernel half, and a user half
        // with tables of its own but the same pages. Writable pages of RAM become read-only and
        // copy-on-write in both spaces, so the first write in either copies the frame (see
        // ResolveCopyOnWrite); read-only pages, pages marked Shared (MAP_SHARED memory) and
        // device memory are shared as they are. Every shared page takes a reference per frame.
        // The cost is per table entry, not per byte.
        // OutOfFrames (for the root or a table) leaves this space as it was: every table is made
        // before any page is shared. ReferenceOverflow, the only later error, can leave some
        // pages of this space copy-on-write, which changes nothing they hold.
        [SkipLocalsInit]
        public PagingResult Duplicate(out AddressSpace child)
        {
            PagingResult result = Create(in this, out child);
            if (result != PagingResult.Ok) return result;
            result = CopyTables(_root, child._root, PageLevel.Pml4);
            if (result == PagingResult.Ok)
            {
                Unsafe.SkipInit(out TlbBatch tlb);
                tlb.Begin();
                result = ShareLeaves(_root, child._root, PageLevel.Pml4, 0, ref tlb);
                Finish(ref tlb);
            }
            if (result != PagingResult.Ok)
            {
                child.Destroy();
                child = default;
            }
            return result;
        }

        // Gives target a new table wherever source (a table of this level) links to one, down
        // to the page tables; the leaves come after.
        private PagingResult CopyTables(ulong source, ulong target, PageLevel level)
        {
            ref readonly PageTableWalker walker = ref _context.Walker;
            ulong* from = walker.Window.Table(source), to = walker.Window.Table(target);
            var present = UserEntriesOf(source, level);
            while (present.Next(out int i))
            {
                PageTableEntry entry = new PageTableEntry(from[i], level);
                if (entry.IsLeaf) continue;
                if (!walker.TryAllocateTable(out ulong table)) return PagingResult.OutOfFrames;
                to[i] = PageTableEntry.Table(level, table).Value;
                walker.Frames.TableEntryCount(target)++;
                if (level - 1 == PageLevel.PageTable) continue;
                PagingResult result = CopyTables(entry.PhysicalAddress, table, level - 1);
                if (result != PagingResult.Ok) return result;
            }
            return PagingResult.Ok;
        }

        // Copies the leaves below source (a table of this level, mapping from base) into
        // target, whose tables CopyTables made. Page tables, where nearly all leaves are, have
        // a loop of their own.
        private PagingResult ShareLeaves(ulong source, ulong target, PageLevel level, ulong base_, ref TlbBatch tlb)
        {
            if (level == PageLevel.PageTable) return SharePages(source, target, base_, ref tlb);
            ref readonly PageTableWalker walker = ref _context.Walker;
            ulong* from = walker.Window.Table(source), to = walker.Window.Table(target);
            ulong coverage = PageTableEntry.Coverage(level);
            PagingResult result = PagingResult.Ok;
            ushort shared = 0;
            var present = UserEntriesOf(source, level);
            while (present.Next(out int i))
            {
                PageTableEntry entry = new PageTableEntry(from[i], level);
                ulong address = base_ + (ulong)i * coverage;
                if (!entry.IsLeaf)
                {
                    result = ShareLeaves(entry.PhysicalAddress, to[i] & PageTableEntry.AddressMask, level - 1, address, ref tlb);
                    if (result != PagingResult.Ok) break;
                    continue;
                }
                result = walker.TakeReferences(entry.PhysicalAddress, coverage, out bool isRam);
                if (result != PagingResult.Ok) break;
                to[i] = Share(ref from[i], isRam, address, ref tlb);
                shared++;
            }
            walker.Frames.TableEntryCount(target) += shared;
            return result;
        }

        // ShareLeaves for a page table: 4 KiB pages, one reference each.
        private PagingResult SharePages(ulong source, ulong target, ulong base_, ref TlbBatch tlb)
        {
            ref readonly PageTableWalker walker = ref _context.Walker;
            ulong* from = walker.Window.Table(source), to = walker.Window.Table(target);
            PagingResult result = PagingResult.Ok;
            ushort shared = 0;
            var present = new PresentEntries(from, 0, PageTableEntry.EntriesPerTable, walker.Frames.TableEntryCount(source));
            while (present.Next(out int i))
            {
                result = walker.TakeReference(from[i] & PageTableEntry.AddressMask, out bool isRam);
                if (result != PagingResult.Ok) break;
                to[i] = Share(ref from[i], isRam, base_ + (ulong)i * FrameSize, ref tlb);
                shared++;
            }
            walker.Frames.TableEntryCount(target) += shared;
            return result;
        }

        // The child's copy of a leaf whose references are taken: a writable page of RAM becomes
        // read-only copy-on-write, in the parent too, unless it is shared on purpose; anything
        // else is shared as it is.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ulong Share(ref ulong parent, bool isRam, ulong address, ref TlbBatch tlb)
        {
            ulong value = parent;
            if ((value & (PageTableEntry.Writable | PageTableEntry.Shared)) != PageTableEntry.Writable || !isRam) return value;
            value = (value & ~PageTableEntry.Writable) | PageTableEntry.CopyOnWrite;
            parent = value;
            tlb.Add(VirtualRange.Canonical(address), (value & PageTableEntry.Global) != 0);
            return value;
        }

        // The present entries of a table that belong to the user half: the root's lower half,
        // walked whole (its count includes the kernel half), or all of any other table, walked
        // until its count.
        private PresentEntries UserEntriesOf(ulong table, PageLevel level)
        {
            ulong* entries = _context.Walker.Window.Table(table);
            if (level == PageLevel.Pml4) return new PresentEntries(entries, 0, KernelHalfFirstEntry, KernelHalfFirstEntry);
            return new PresentEntries(entries, 0, PageTableEntry.EntriesPerTable, _context.Walker.Frames.TableEntryCount(table));
        }
    }
}
