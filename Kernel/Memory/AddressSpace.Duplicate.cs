using System.Runtime.CompilerServices;
using Lunix.Arch.X86.Memory;

namespace Lunix.Kernel.Memory
{
    public unsafe partial struct AddressSpace
    {
        // A copy of this space, for fork (Lunaix's vmscpy): the same kernel half, and a user half
        // with tables of its own but the same pages. Writable pages of RAM become read-only and
        // copy-on-write in both spaces, so the first write in either copies the frame (see
        // ResolveCopyOnWrite); read-only pages and device memory are shared as they are. Every
        // shared page takes a reference per frame. The cost is per table entry, not per byte.
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
            int end = UserEntries(level);
            for (int i = 0; i < end; i++)
            {
                PageTableEntry entry = new PageTableEntry(from[i], level);
                if (!entry.IsPresent || entry.IsLeaf) continue;
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
        // target, whose tables CopyTables made.
        private PagingResult ShareLeaves(ulong source, ulong target, PageLevel level, ulong base_, ref TlbBatch tlb)
        {
            ref readonly PageTableWalker walker = ref _context.Walker;
            ulong* from = walker.Window.Table(source), to = walker.Window.Table(target);
            ulong coverage = PageTableEntry.Coverage(level);
            PagingResult result = PagingResult.Ok;
            ushort shared = 0;
            // The source's entry count ends the scan at its last entry (the root's counts the
            // kernel half too, so the root is scanned to the middle).
            int remaining = level == PageLevel.Pml4 ? KernelHalfFirstEntry : walker.Frames.TableEntryCount(source);
            for (int i = 0, end = UserEntries(level); i < end && remaining > 0; i++)
            {
                PageTableEntry entry = new PageTableEntry(from[i], level);
                if (!entry.IsPresent) continue;
                remaining--;
                ulong address = base_ + (ulong)i * coverage;
                if (!entry.IsLeaf)
                {
                    result = ShareLeaves(entry.PhysicalAddress, to[i] & PageTableEntry.AddressMask, level - 1, address, ref tlb);
                    if (result != PagingResult.Ok) break;
                    continue;
                }
                bool isRam;
                result = level == PageLevel.PageTable
                    ? walker.TakeReference(entry.PhysicalAddress, out isRam)
                    : walker.TakeReferences(entry.PhysicalAddress, coverage, out isRam);
                if (result != PagingResult.Ok) break;
                ulong value = entry.Value;
                if (entry.IsWritable && isRam)
                {
                    value = (value & ~PageTableEntry.Writable) | PageTableEntry.CopyOnWrite;
                    from[i] = value;
                    tlb.Add(VirtualRange.Canonical(address), entry.IsGlobal);
                }
                to[i] = value;
                shared++;
            }
            walker.Frames.TableEntryCount(target) += shared;
            return result;
        }

        // Entries of a table that belong to the user half: the root's lower half, all of any other.
        private static int UserEntries(PageLevel level) => level == PageLevel.Pml4 ? KernelHalfFirstEntry : PageTableEntry.EntriesPerTable;
    }
}
