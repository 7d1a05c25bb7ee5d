using System.Collections.Generic;
using Lunix.Arch.X86.Memory;
using Lunix.Kernel.Memory;
using Xunit;
using static Lunix.Tests.Hosted.PageTableMachine;

namespace Lunix.Tests.Hosted
{
    public unsafe class AddressSpaceProtectTests
    {
        private const PageAttributes UserData = PageAttributes.Writable | PageAttributes.User | PageAttributes.NoExecute;
        private const PageAttributes UserText = PageAttributes.User;
        private static readonly Dictionary<ulong, int> NothingHeld = new Dictionary<ulong, int>();

        [Fact]
        public void ProtectSetsExactlyTheGivenAttributesAndInvalidates()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            space.Activate();
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x40_0000, 3 * KiB4, UserData));
            machine.Tlb.Touch(space, 0x40_1000);
            machine.Tlb.ClearLog();
            Assert.Equal(PagingResult.Ok, space.Protect(0x40_1000, 2 * KiB4, UserText));
            Assert.Equal(UserData, machine.Query(space, 0x40_0000).Attributes);
            Assert.Equal(UserText, machine.Query(space, 0x40_1000).Attributes);
            Assert.Equal(UserText, machine.Query(space, 0x40_2000).Attributes);
            Assert.Equal(new ulong[] { 0x40_1000, 0x40_2000 }, machine.Tlb.Invalidated);
            machine.Tlb.AssertCoherent(space);
            // Nothing changes: nothing to invalidate.
            machine.Tlb.ClearLog();
            Assert.Equal(PagingResult.Ok, space.Protect(0x40_1000, 2 * KiB4, UserText));
            Assert.Equal(0, machine.Tlb.Calls);
        }

        [Fact]
        public void ProtectKeepsAccessedAndDirty()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x40_0000, KiB4, UserData));
            machine.Context.Walker.Walk(space.Root, 0x40_0000, out PageWalk walk);
            *walk.Slot |= PageTableEntry.Accessed | PageTableEntry.Dirty;
            Assert.Equal(PagingResult.Ok, space.Protect(0x40_0000, KiB4, UserText));
            PageTableEntry entry = machine.Query(space, 0x40_0000).Entry;
            Assert.True(entry.IsAccessed && entry.IsDirty && !entry.IsWritable);
        }

        [Fact]
        public void AHoleAnywhereRefusesTheWholeRange()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x40_0000, KiB4, UserData));
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x40_2000, KiB4, UserData));
            Assert.Equal(PagingResult.NotMapped, space.Protect(0x40_0000, 3 * KiB4, UserText));
            Assert.Equal(UserData, machine.Query(space, 0x40_0000).Attributes);
            Assert.Equal(PagingResult.NotMapped, space.Protect(0x1_0000_0000, KiB4, UserText));
        }

        [Fact]
        public void ProtectingPartOfAHugePageSplitsItAndAWholeOneNot()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, space.Map(GiB1, DeviceMemory, GiB1, PageAttributes.Writable));
            Assert.Equal(PagingResult.Ok, space.Map(2 * GiB1, DeviceMemory + 2 * GiB1, MiB2, PageAttributes.Writable));
            Assert.Equal(PagingResult.Ok, space.Protect(GiB1 + MiB2, KiB4, PageAttributes.CacheDisable));
            Assert.Equal(PagingResult.Ok, space.Protect(2 * GiB1, MiB2, PageAttributes.None));
            List<PageTableAudit.Leaf> leaves = PageTableAudit.UserLeaves(machine, space);
            Assert.Equal(511 + 512 + 1, leaves.Count);
            Assert.Single(leaves, leaf => leaf.Attributes == PageAttributes.CacheDisable);
            Assert.Equal(MiB2, machine.Query(space, 2 * GiB1).PageSize);
            Assert.Equal(PageAttributes.None, machine.Query(space, 2 * GiB1).Attributes);
            PageTableAudit.Check(machine, new[] { space }, NothingHeld);
        }

        [Fact]
        public void GlobalKernelPagesFlushIncludingGlobalPastTheThreshold()
        {
            var machine = new PageTableMachine();
            Assert.Equal(PagingResult.Ok, machine.Kernel.MapAnonymous(KernelArena, 40 * KiB4, PageAttributes.Writable | PageAttributes.Global));
            machine.Tlb.Touch(machine.Kernel, KernelArena + 7 * KiB4);
            machine.Tlb.ClearLog();
            Assert.Equal(PagingResult.Ok, machine.Kernel.Protect(KernelArena, 40 * KiB4, PageAttributes.Global));
            Assert.Equal(1, machine.Tlb.GlobalFlushes);
            machine.Tlb.AssertCoherent(machine.Kernel);
        }
    }
}
