using System.Runtime.CompilerServices;
using Lunix.Arch.X86.Memory;

namespace Lunix.Kernel.Memory
{
    // One walk from the root towards a virtual address: the table visited at each level, and
    // the entry where the walk stopped, a leaf or the first entry that is not present. Keeping
    // the path lets an unmap free tables that became empty without walking again.
    public unsafe struct PageWalk
    {
        // An inline array rather than a fixed buffer: a fixed buffer on the stack makes ILC
        // guard every frame holding a walk with a stack cookie.
        [InlineArray(4)]
        private struct TablePath
        {
            private ulong _level1;
        }

        private TablePath _tables;

        public ulong Address;
        // The entry where the walk stopped, with its level, and where it is in memory.
        public PageTableEntry Entry;
        public ulong* Slot;

        public readonly PageLevel Level
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => Entry.Level;
        }

        // The physical address of the table visited at level; valid for levels at or above Level.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly ulong TableAt(PageLevel level) => Unsafe.Add(ref Unsafe.As<TablePath, ulong>(ref Unsafe.AsRef(in _tables)), (int)level - 1);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal void Visit(PageLevel level, ulong table) => Unsafe.Add(ref Unsafe.As<TablePath, ulong>(ref _tables), (int)level - 1) = table;
    }
}
