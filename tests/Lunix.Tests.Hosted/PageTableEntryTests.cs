using Lunix.Arch.X86.Memory;
using Xunit;

namespace Lunix.Tests.Hosted
{
    public class PageTableEntryTests
    {
        [Theory]
        [InlineData(PageLevel.PageTable, 12, 4096UL)]
        [InlineData(PageLevel.PageDirectory, 21, 2UL << 20)]
        [InlineData(PageLevel.PageDirectoryPointerTable, 30, 1UL << 30)]
        [InlineData(PageLevel.Pml4, 39, 512UL << 30)]
        public void LevelsHaveIntelsShiftsAndCoverage(PageLevel level, int shift, ulong coverage)
        {
            Assert.Equal(shift, PageTableEntry.Shift(level));
            Assert.Equal(coverage, PageTableEntry.Coverage(level));
        }

        [Fact]
        public void IndexTakesNineBitsPerLevel()
        {
            ulong address = 0xFFFF_8123_4567_8000;   // 0x123_4567_8000 below the sign extension
            Assert.Equal((address >> 39) & 511, PageTableEntry.Index(address, PageLevel.Pml4));
            Assert.Equal(258UL, PageTableEntry.Index(address, PageLevel.Pml4));
            Assert.Equal((address >> 12) & 511, PageTableEntry.Index(address, PageLevel.PageTable));
        }

        [Fact]
        public void SmallLeafHasNoPageSizeBitAndBit7IsNotHuge()
        {
            var leaf = PageTableEntry.Leaf(PageLevel.PageTable, 0x1234_5000, PageTableEntry.Writable | PageTableEntry.NoExecute);
            Assert.Equal(0x1234_5000UL | PageTableEntry.Present | PageTableEntry.Writable | PageTableEntry.NoExecute, leaf.Value);
            Assert.True(leaf.IsLeaf);
            // Bit 7 of a 4 KiB entry is PAT: still a 4 KiB leaf, and not part of the address.
            var withPat = new PageTableEntry(leaf.Value | (1UL << 7), PageLevel.PageTable);
            Assert.False(withPat.IsHuge);
            Assert.Equal(0x1234_5000UL, withPat.PhysicalAddress);
        }

        [Fact]
        public void HugeLeafAddressLeavesOutPatAndLowBits()
        {
            var leaf = PageTableEntry.Leaf(PageLevel.PageDirectory, 0x4020_0000, PageTableEntry.User);
            Assert.True(leaf.IsHuge);
            Assert.True(leaf.IsLeaf);
            var withPat = new PageTableEntry(leaf.Value | (1UL << 12), PageLevel.PageDirectory);
            Assert.Equal(0x4020_0000UL, withPat.PhysicalAddress);
            var gigabyte = new PageTableEntry(0x1_4000_0000UL | PageTableEntry.Present | PageTableEntry.Huge | (1UL << 12), PageLevel.PageDirectoryPointerTable);
            Assert.Equal(0x1_4000_0000UL, gigabyte.PhysicalAddress);
        }

        [Fact]
        public void TableLinkAllowsEverythingAndIsNoLeaf()
        {
            var link = PageTableEntry.Table(PageLevel.PageDirectory, 0x7000);
            Assert.True(link.IsPresent && link.IsWritable && link.IsUser);
            Assert.False(link.IsLeaf);
            Assert.Equal(0x7000UL, link.PhysicalAddress);
        }

        [Fact]
        public void AttributeBitsReadBack()
        {
            ulong all = PageTableEntry.Writable | PageTableEntry.User | PageTableEntry.WriteThrough | PageTableEntry.CacheDisable
                        | PageTableEntry.Global | PageTableEntry.CopyOnWrite | PageTableEntry.Shared | PageTableEntry.NoExecute;
            var entry = new PageTableEntry(PageTableEntry.Leaf(PageLevel.PageTable, 0x9000, all).Value | PageTableEntry.Accessed | PageTableEntry.Dirty, PageLevel.PageTable);
            Assert.True(entry.IsWritable && entry.IsUser && entry.IsWriteThrough && entry.IsCacheDisabled && entry.IsGlobal
                        && entry.IsCopyOnWrite && entry.IsNoExecute && entry.IsAccessed && entry.IsDirty);
            Assert.Equal(all, entry.Attributes);
            Assert.Equal(PageTableEntry.AttributeMask, all);
        }

        [Fact]
        public void WithAttributesKeepsAddressAccessedDirtyAndPageSize()
        {
            var entry = new PageTableEntry(0x20_0000UL | PageTableEntry.Present | PageTableEntry.Huge | PageTableEntry.Writable
                                           | PageTableEntry.Accessed | PageTableEntry.Dirty | (1UL << 12), PageLevel.PageDirectory);
            PageTableEntry changed = entry.WithAttributes(PageTableEntry.NoExecute | PageTableEntry.User);
            Assert.Equal(0x20_0000UL | (1UL << 12) | PageTableEntry.Present | PageTableEntry.Huge | PageTableEntry.Accessed
                         | PageTableEntry.Dirty | PageTableEntry.NoExecute | PageTableEntry.User, changed.Value);
        }

        [Fact]
        public void SplittingA2MiBPageGives4KiBPagesWithPatMoved()
        {
            var huge = new PageTableEntry(0x4000_0000UL | PageTableEntry.Present | PageTableEntry.Huge | PageTableEntry.Writable
                                          | PageTableEntry.Dirty | PageTableEntry.NoExecute | (1UL << 12), PageLevel.PageDirectory);
            PageTableEntry part = huge.SplitPart(3);
            Assert.Equal(PageLevel.PageTable, part.Level);
            Assert.Equal(0x4000_3000UL | PageTableEntry.Present | PageTableEntry.Writable | PageTableEntry.Dirty
                         | PageTableEntry.NoExecute | (1UL << 7), part.Value);
        }

        [Fact]
        public void SplittingA1GiBPageGives2MiBPages()
        {
            var huge = PageTableEntry.Leaf(PageLevel.PageDirectoryPointerTable, 0x1_0000_0000, PageTableEntry.Global);
            PageTableEntry part = huge.SplitPart(511);
            Assert.Equal(PageLevel.PageDirectory, part.Level);
            Assert.True(part.IsHuge && part.IsGlobal);
            Assert.Equal(0x1_0000_0000UL + 511 * (2UL << 20), part.PhysicalAddress);
        }
    }
}
