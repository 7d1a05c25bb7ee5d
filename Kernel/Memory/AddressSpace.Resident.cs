using Lunix.Arch.X86.Memory;

namespace Lunix.Kernel.Memory
{
    public unsafe partial struct AddressSpace
    {
        // The bytes the user half maps now (getrusage's resident set): every present leaf's
        // coverage, shared copy-on-write pages counted in each space that maps them, as Linux
        // counts RSS. A walk over the tables above the page tables, whose entry counts are
        // their pages; it allocates nothing.
        public ulong MappedUserBytes()
        {
            if (_context == null) return 0;
            return MappedBelow(_root, PageLevel.Pml4);
        }

        private ulong MappedBelow(ulong table, PageLevel level)
        {
            ref readonly PageTableWalker walker = ref _context.Walker;
            // A page table's entries are all 4 KiB leaves: its entry count says it all.
            if (level == PageLevel.PageTable) return walker.Frames.TableEntryCount(table) * FrameSize;
            ulong* entries = walker.Window.Table(table);
            ulong bytes = 0;
            var present = UserEntriesOf(table, level);
            while (present.Next(out int i))
            {
                PageTableEntry entry = new PageTableEntry(entries[i], level);
                bytes += entry.IsLeaf ? PageTableEntry.Coverage(level) : MappedBelow(entry.PhysicalAddress, level - 1);
            }
            return bytes;
        }
    }
}
