using System.Runtime.CompilerServices;

namespace Lunix.Arch.X86.Memory
{
    // The four levels of x86-64 4-level paging, numbered as Intel numbers them: a level-1 table
    // maps 4 KiB pages, level 2 can map 2 MiB pages, level 3 1 GiB pages, level 4 is the root.
    public enum PageLevel
    {
        PageTable = 1,
        PageDirectory = 2,
        PageDirectoryPointerTable = 3,
        Pml4 = 4,
    }

    // One 8-byte paging-structure entry together with the level it was read at: what its bits
    // mean depends on the level (bit 7 is PS in levels 2 and 3, PAT in level 1, reserved in
    // level 4; a huge page's address has fewer significant bits than a table's).
    // The members every walk uses are marked for inlining: ILC does not inline the larger ones
    // into the kernel assembly by itself, and a call each would double the cost of a map.
    public readonly struct PageTableEntry
    {
        public const ulong Present = 1UL << 0;
        public const ulong Writable = 1UL << 1;
        public const ulong User = 1UL << 2;
        public const ulong WriteThrough = 1UL << 3;
        public const ulong CacheDisable = 1UL << 4;
        public const ulong Accessed = 1UL << 5;
        public const ulong Dirty = 1UL << 6;
        public const ulong Huge = 1UL << 7;
        public const ulong Global = 1UL << 8;
        // Bits 9-11 are ignored by the MMU and left to software: bit 9 marks a page that is
        // read-only only until its copy-on-write fault is resolved; bit 10 a page shared on
        // purpose (MAP_SHARED), which a duplicated space keeps sharing as it is.
        public const ulong CopyOnWrite = 1UL << 9;
        public const ulong Shared = 1UL << 10;
        public const ulong NoExecute = 1UL << 63;

        // PAT's position in a huge entry (bit 12, the lowest address bit of a table entry) and in
        // a 4 KiB entry (bit 7, where huge entries keep PS).
        private const ulong HugePat = 1UL << 12;
        private const ulong SmallPat = 1UL << 7;

        // Physical-address bits 12..51 (MAXPHYADDR is at most 52).
        public const ulong AddressMask = 0x000F_FFFF_FFFF_F000;
        public const ulong AttributeMask = Writable | User | WriteThrough | CacheDisable | Global | CopyOnWrite | Shared | NoExecute;
        public const int EntriesPerTable = 512;

        public readonly ulong Value;
        public readonly PageLevel Level;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public PageTableEntry(ulong value, PageLevel level)
        {
            Value = value;
            Level = level;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Shift(PageLevel level) => 3 + 9 * (int)level;
        // The span of addresses one entry at this level covers: 4 KiB, 2 MiB, 1 GiB, 512 GiB.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Coverage(PageLevel level) => 1UL << Shift(level);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Index(ulong virtualAddress, PageLevel level) => (virtualAddress >> Shift(level)) & 511;

        // A leaf mapping physical with the given attribute bits (of AttributeMask only: the
        // caller has checked them); levels 2 and 3 get PS.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static PageTableEntry Leaf(PageLevel level, ulong physical, ulong attributes)
            => new PageTableEntry(physical | Present | attributes | (level == PageLevel.PageTable ? 0 : Huge), level);

        // A link to a lower table. It allows everything: the leaf alone decides the access, so a
        // table can hold pages with different attributes.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static PageTableEntry Table(PageLevel level, ulong tablePhysical)
            => new PageTableEntry(tablePhysical | Present | Writable | User, level);

        public bool IsPresent => (Value & Present) != 0;
        public bool IsHuge
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => (Level == PageLevel.PageDirectory || Level == PageLevel.PageDirectoryPointerTable) && (Value & Huge) != 0;
        }
        // A present entry is a leaf when it maps a page rather than pointing at a table.
        public bool IsLeaf
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => Level == PageLevel.PageTable || IsHuge;
        }
        public bool IsWritable => (Value & Writable) != 0;
        public bool IsUser => (Value & User) != 0;
        public bool IsNoExecute => (Value & NoExecute) != 0;
        public bool IsGlobal => (Value & Global) != 0;
        public bool IsCacheDisabled => (Value & CacheDisable) != 0;
        public bool IsWriteThrough => (Value & WriteThrough) != 0;
        public bool IsAccessed => (Value & Accessed) != 0;
        public bool IsDirty => (Value & Dirty) != 0;
        public bool IsCopyOnWrite => (Value & CopyOnWrite) != 0;

        // The page's (or the next table's) physical address; a huge page's PAT bit is not part of it.
        public ulong PhysicalAddress
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => Value & AddressMask & (IsHuge ? ~(Coverage(Level) - 1) : ~0UL);
        }
        public ulong Attributes => Value & AttributeMask;

        // The same leaf with other attributes; address, PS, PAT, accessed and dirty are kept.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public PageTableEntry WithAttributes(ulong attributes)
            => new PageTableEntry((Value & ~AttributeMask) | (attributes & AttributeMask), Level);

        // The entry for the index-th part of this huge page in the table that replaces it one
        // level down: same attributes, accessed/dirty state and memory type, PAT moved to where
        // the lower level keeps it.
        public PageTableEntry SplitPart(int index)
        {
            PageLevel lower = Level - 1;
            ulong flags = Value & ~AddressMask & ~Huge;
            ulong pat = lower == PageLevel.PageTable ? ((Value & HugePat) != 0 ? SmallPat : 0) : Value & HugePat;
            ulong physical = PhysicalAddress + (ulong)index * Coverage(lower);
            return new PageTableEntry(physical | flags | pat | (lower == PageLevel.PageTable ? 0 : Huge), lower);
        }
    }
}
