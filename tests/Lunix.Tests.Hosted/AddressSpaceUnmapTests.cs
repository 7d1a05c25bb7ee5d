using System.Collections.Generic;
using Lunix.Arch.X86.Memory;
using Lunix.Kernel.Memory;
using Xunit;
using static Lunix.Tests.Hosted.PageTableMachine;

namespace Lunix.Tests.Hosted
{
    public class AddressSpaceUnmapTests
    {
        private const PageAttributes UserData = PageAttributes.Writable | PageAttributes.User | PageAttributes.NoExecute;
        private static readonly Dictionary<ulong, int> NothingHeld = new Dictionary<ulong, int>();

        [Fact]
        public void UnmappingEverythingFreesEveryTable()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x40_0000, 600 * KiB4, UserData));
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x7F00_0000_0000, 3 * KiB4, UserData));
            Assert.Equal(PagingResult.Ok, space.Unmap(0, 0x8000_0000_0000));
            Assert.Empty(PageTableAudit.UserLeaves(machine, space));
            Assert.Equal(machine.FreeAtStart - 1, machine.Frames.FreeFrames);
            // The root's one entry left is the kernel template's PDPT.
            Assert.Equal(1, machine.Frames.TableEntryCount(space.Root));
        }

        [Fact]
        public void HolesAreSkipped()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x40_0000, KiB4, UserData));
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x40_3000, KiB4, UserData));
            Assert.Equal(PagingResult.Ok, space.Unmap(0x40_1000, 2 * KiB4));
            Assert.Equal(2, PageTableAudit.UserLeaves(machine, space).Count);
            Assert.Equal(PagingResult.Ok, space.Unmap(0x1_0000_0000, GiB1));
        }

        [Fact]
        public void UnmappingOnePageOfA2MiBPageSplitsIt()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            ulong owned = machine.Own(MiB2, MiB2);
            Assert.Equal(PagingResult.Ok, space.Map(MiB2, owned, MiB2, UserData));
            machine.Disown(owned, MiB2);
            Assert.Equal(PagingResult.Ok, space.Unmap(MiB2 + 5 * KiB4, KiB4));
            List<PageTableAudit.Leaf> leaves = PageTableAudit.UserLeaves(machine, space);
            Assert.Equal(511, leaves.Count);
            Assert.All(leaves, leaf => Assert.Equal(owned + (leaf.Address - MiB2), leaf.Physical));
            Assert.All(leaves, leaf => Assert.Equal(UserData, leaf.Attributes));
            // The unmapped frame went back to the allocator; the other 511 keep their reference.
            Assert.Equal(0u, machine.Frames.ReferenceCount(owned + 5 * KiB4));
            PageTableAudit.Check(machine, new[] { space }, NothingHeld);
        }

        [Fact]
        public void UnmappingInsideA1GiBPageSplitsItTwice()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, space.Map(GiB1, DeviceMemory, GiB1, PageAttributes.Writable));
            // From the middle of one 2 MiB part to the middle of another.
            Assert.Equal(PagingResult.Ok, space.Unmap(GiB1 + MiB2 + 3 * KiB4, MiB2));
            List<PageTableAudit.Leaf> leaves = PageTableAudit.UserLeaves(machine, space);
            Assert.Equal(510 + 3 + 509, leaves.Count);
            Assert.Equal(3 + 509, leaves.FindAll(leaf => leaf.Size == KiB4).Count);
            Assert.All(leaves, leaf => Assert.Equal(DeviceMemory + (leaf.Address - GiB1), leaf.Physical));
            Assert.False(machine.Query(space, GiB1 + 2 * MiB2).IsMapped);
            Assert.True(machine.Query(space, GiB1 + 2 * MiB2 + 3 * KiB4).IsMapped);
            PageTableAudit.Check(machine, new[] { space }, NothingHeld);
        }

        [Fact]
        public void UnmappingA2MiBPartOfA1GiBPageSplitsOnlyOnce()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, space.Map(GiB1, DeviceMemory, GiB1, PageAttributes.Writable));
            Assert.Equal(PagingResult.Ok, space.Unmap(GiB1 + 4 * MiB2, MiB2));
            List<PageTableAudit.Leaf> leaves = PageTableAudit.UserLeaves(machine, space);
            Assert.Equal(511, leaves.Count);
            Assert.All(leaves, leaf => Assert.Equal(MiB2, leaf.Size));
        }

        [Fact]
        public void SplitWithoutAFrameLeavesTheMappingAsItWas()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, space.Map(GiB1, DeviceMemory, GiB1, PageAttributes.Writable));
            List<PageTableAudit.Leaf> before = PageTableAudit.UserLeaves(machine, space);
            List<ulong> taken = machine.Exhaust(1);   // enough for one split, not two
            Assert.Equal(PagingResult.OutOfFrames, space.Unmap(GiB1 + 3 * KiB4, KiB4));
            for (ulong offset = 0; offset < GiB1; offset += MiB2)
                Assert.Equal(DeviceMemory + offset, machine.Query(space, GiB1 + offset).Translate(GiB1 + offset));
            Assert.Equal(DeviceMemory + 3 * KiB4, machine.Query(space, GiB1 + 3 * KiB4).Translate(GiB1 + 3 * KiB4));
            machine.Disown(taken);
            Assert.Equal(PagingResult.Ok, space.Unmap(GiB1 + 3 * KiB4, KiB4));
            Assert.False(machine.Query(space, GiB1 + 3 * KiB4).IsMapped);
            Assert.NotEqual(before.Count, PageTableAudit.UserLeaves(machine, space).Count);
        }

        [Fact]
        public void ActiveSpaceInvalidatesWhatItUnmapsAndInactiveDoesNot()
        {
            var machine = new PageTableMachine();
            AddressSpace active = machine.NewSpace(), inactive = machine.NewSpace();
            active.Activate();
            foreach (AddressSpace space in new[] { active, inactive })
            {
                Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x40_0000, 4 * KiB4, UserData));
                Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x100_0000, 64 * KiB4, UserData));
            }
            for (ulong page = 0; page < 4; page++) machine.Tlb.Touch(active, 0x40_0000 + page * KiB4);
            machine.Tlb.ClearLog();
            Assert.Equal(PagingResult.Ok, inactive.Unmap(0x40_0000, 4 * KiB4));
            Assert.Equal(0, machine.Tlb.Calls);
            Assert.Equal(PagingResult.Ok, active.Unmap(0x40_0000, 4 * KiB4));
            Assert.Equal(new ulong[] { 0x40_0000, 0x40_1000, 0x40_2000, 0x40_3000 }, machine.Tlb.Invalidated);
            machine.Tlb.AssertCoherent(active);
            machine.Tlb.ClearLog();
            Assert.Equal(PagingResult.Ok, active.Unmap(0x100_0000, 64 * KiB4));
            Assert.Equal(1, machine.Tlb.Flushes);
            Assert.Empty(machine.Tlb.Invalidated);
        }

        [Fact]
        public void UnmappingAGlobalKernelPageFromAnInactiveSpaceInvalidatesIt()
        {
            var machine = new PageTableMachine();
            AddressSpace other = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, machine.Kernel.MapAnonymous(KernelArena, KiB4, PageAttributes.Writable | PageAttributes.Global));
            machine.Tlb.Touch(machine.Kernel, KernelArena);
            Assert.Equal(PagingResult.Ok, other.Unmap(KernelArena, KiB4));
            Assert.Equal(new[] { KernelArena }, machine.Tlb.Invalidated);
            machine.Tlb.AssertCoherent(machine.Kernel);
        }

        [Fact]
        public void DestroyFreesEverythingButRefusesTheActiveSpace()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            ulong owned = machine.Own(MiB2, MiB2);
            Assert.Equal(PagingResult.Ok, space.Map(0x20_0000, owned, MiB2, UserData));
            Assert.Equal(PagingResult.Ok, space.Map(0x40_0000, owned, 5 * KiB4, PageAttributes.User));
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x7FFF_0000_0000, 3 * MiB2 + KiB4, UserData));
            Assert.Equal(PagingResult.Ok, space.Map(0x10_0000_0000, DeviceMemory, 3 * GiB1, PageAttributes.CacheDisable));
            space.Activate();
            Assert.Equal(PagingResult.Active, space.Destroy());
            machine.Kernel.Activate();
            AddressSpace copy = space;
            Assert.Equal(PagingResult.Ok, space.Destroy());
            Assert.False(space.IsCreated);
            Assert.Equal(PagingResult.NoAddressSpace, space.Destroy());
            Assert.Equal(PagingResult.NoAddressSpace, space.Unmap(0x1000, KiB4));
            machine.Disown(owned, MiB2);
            Assert.Equal(machine.FreeAtStart, machine.Frames.FreeFrames);
            Assert.NotEqual(0UL, copy.Root);
        }
    }
}
