using Lunix.Arch.X86.Memory;

namespace Lunix.Kernel.Memory
{
    // One walk from the root towards a virtual address: the table visited at each level, and
    // the entry where the walk stopped, a leaf or the first entry that is not present. Keeping
    // the path lets an unmap free tables that became empty without walking again.
    public unsafe struct PageWalk
    {
        private fixed ulong _tables[4];

        public ulong Address;
        // The entry where the walk stopped, with its level, and where it is in memory.
        public PageTableEntry Entry;
        public ulong* Slot;

        public readonly PageLevel Level => Entry.Level;

        // The physical address of the table visited at level; valid for levels at or above Level.
        public readonly ulong TableAt(PageLevel level) => _tables[(int)level - 1];

        internal void Visit(PageLevel level, ulong table) => _tables[(int)level - 1] = table;
    }
}
