using Lunix.Kernel.Ipc;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The physical memory ranges in Privileges (VMMAPPHYSICAL's check).
    public class MemoryRangeTests
    {
        [Fact]
        public void No_range_allows_no_memory()
        {
            Privileges p = default;
            Assert.False(p.MayMapMemory(0xB8000, 4096));
            Assert.False(p.MayMapMemory(0, 4096));
        }

        [Fact]
        public void The_whole_length_must_lie_inside_one_range()
        {
            Privileges p = default;
            Assert.True(p.AllowMemory(0xFEBF0000, 0xFEBF0FFF));
            Assert.True(p.AllowMemory(0xFEBF1000, 0xFEBF1FFF));
            Assert.True(p.MayMapMemory(0xFEBF0000, 4096));
            Assert.True(p.MayMapMemory(0xFEBF1000, 4096));
            Assert.False(p.MayMapMemory(0xFEBF0000, 8192));        // spans two ranges
            Assert.False(p.MayMapMemory(0xFEBEF000, 4096));
            Assert.False(p.MayMapMemory(0xFEBF2000, 4096));
            Assert.False(p.MayMapMemory(0xFEBF0000, 0));
        }

        [Fact]
        public void A_length_that_wraps_around_is_refused()
        {
            Privileges p = default;
            Assert.True(p.AllowMemory(0xFFFF_FFFF_FFFF_0000, ulong.MaxValue));
            Assert.True(p.MayMapMemory(0xFFFF_FFFF_FFFF_0000, 0x10000));
            Assert.False(p.MayMapMemory(0xFFFF_FFFF_FFFF_0000, 0x10001));
            Assert.False(p.MayMapMemory(0xFFFF_FFFF_FFFF_F000, ulong.MaxValue));
        }

        [Fact]
        public void The_table_holds_eight_ranges_and_refuses_empty_ones()
        {
            Privileges p = default;
            Assert.False(p.AllowMemory(0x2000, 0x1FFF));
            for (ulong i = 0; i < Privileges.MemoryRangeCapacity; i++)
                Assert.True(p.AllowMemory(i << 20, (i << 20) + 0xFFF));
            Assert.False(p.AllowMemory(0x4000_0000, 0x4000_0FFF));
            Assert.Equal(Privileges.MemoryRangeCapacity, p.MemoryRangeCount);
            Assert.True(p.MayMapMemory(7UL << 20, 4096));
        }
    }
}
