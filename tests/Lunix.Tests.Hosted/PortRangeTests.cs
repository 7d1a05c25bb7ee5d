using Lunix.Kernel.Ipc;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The I/O port ranges in Privileges (DEVIO/VDEVIO's check).
    public class PortRangeTests
    {
        [Fact]
        public void No_range_allows_no_port()
        {
            Privileges p = default;
            Assert.False(p.MayUsePort(0x70, 1));
            Assert.False(p.MayUsePort(0, 1));
        }

        [Fact]
        public void The_whole_width_must_lie_inside_one_range()
        {
            Privileges p = default;
            Assert.True(p.AllowPorts(0x70, 0x71));
            Assert.True(p.AllowPorts(0x72, 0x73));
            Assert.True(p.MayUsePort(0x70, 1));
            Assert.True(p.MayUsePort(0x71, 1));
            Assert.True(p.MayUsePort(0x70, 2));
            Assert.False(p.MayUsePort(0x71, 2));     // spans two ranges
            Assert.False(p.MayUsePort(0x70, 4));
            Assert.False(p.MayUsePort(0x6F, 1));
            Assert.False(p.MayUsePort(0x74, 1));
            Assert.False(p.MayUsePort(0x70, 0));
            Assert.False(p.MayUsePort(0x10070, 1));  // beyond the 16-bit port space
        }

        [Fact]
        public void The_table_holds_eight_ranges_and_refuses_empty_ones()
        {
            Privileges p = default;
            Assert.False(p.AllowPorts(0x10, 0x0F));
            for (int i = 0; i < Privileges.PortRangeCapacity; i++)
                Assert.True(p.AllowPorts((ushort)(i * 16), (ushort)(i * 16 + 7)));
            Assert.False(p.AllowPorts(0x200, 0x207));
            Assert.Equal(Privileges.PortRangeCapacity, p.PortRangeCount);
            Assert.True(p.MayUsePort(7 * 16 + 4, 4));
            Assert.True(p.MayUsePort(0, 4));
        }

        [Fact]
        public void A_copy_carries_the_ranges_and_clearing_calls_keeps_them()
        {
            Privileges p = default;
            p.AllowCall(5);
            p.AllowPorts(0x70, 0x71);
            Privileges q = p;
            q.ClearCalls();
            Assert.False(q.MayCall(5));
            Assert.True(p.MayCall(5));
            Assert.True(q.MayUsePort(0x71, 1));
        }
    }
}
