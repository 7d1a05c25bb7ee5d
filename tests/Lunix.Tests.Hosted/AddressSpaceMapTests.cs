using System.Collections.Generic;
using Lunix.Arch.X86.Memory;
using Lunix.Kernel.Memory;
using Xunit;
using static Lunix.Tests.Hosted.PageTableMachine;

namespace Lunix.Tests.Hosted
{
    public class AddressSpaceMapTests
    {
        private const PageAttributes UserData = PageAttributes.Writable | PageAttributes.User | PageAttributes.NoExecute;
        private static readonly Dictionary<ulong, int> NothingHeld = new Dictionary<ulong, int>();

        private static Dictionary<ulong, int> Held(ulong physical, ulong bytes)
        {
            var held = new Dictionary<ulong, int>();
            for (ulong offset = 0; offset < bytes; offset += KiB4) held[physical + offset] = 1;
            return held;
        }

        [Fact]
        public void FourKiBPageOfOwnedMemoryTakesAReferenceAndMakesThreeTables()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            ulong frame = machine.Own(KiB4);
            ulong free = machine.Frames.FreeFrames;
            Assert.Equal(PagingResult.Ok, space.Map(0x40_1000, frame, KiB4, UserData));
            Assert.Equal(free - 3, machine.Frames.FreeFrames);
            Assert.Equal(2u, machine.Frames.ReferenceCount(frame));
            PageMapping mapping = machine.Query(space, 0x40_1234);
            Assert.True(mapping.IsMapped);
            Assert.Equal(0x40_1000UL, mapping.PageAddress);
            Assert.Equal(KiB4, mapping.PageSize);
            Assert.Equal(frame + 0x234, mapping.Translate(0x40_1234));
            Assert.Equal(UserData, mapping.Attributes);
            PageTableAudit.Check(machine, new[] { space }, Held(frame, KiB4));
            // Mapping a page not present before needs no invalidation.
            Assert.Equal(0, machine.Tlb.Calls);
        }

        [Fact]
        public void QueryOfAnUnmappedAddressTellsWhereTheWalkEnded()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.False(space.Query(0x40_0000, out PageMapping mapping));
            Assert.Equal(PageLevel.Pml4, mapping.Entry.Level);
            Assert.Equal(0UL, mapping.PageAddress);
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x40_0000, KiB4, UserData));
            Assert.False(space.Query(0x40_1000, out mapping));
            Assert.Equal(PageLevel.PageTable, mapping.Entry.Level);
            Assert.False(space.Query(0x8000_0000_0000, out mapping));   // not canonical
        }

        [Theory]
        [InlineData(true, PageLevel.PageDirectoryPointerTable)]
        [InlineData(false, PageLevel.PageDirectory)]
        public void AlignedDeviceMemoryGetsTheLargestPages(bool gigabytePages, PageLevel level)
        {
            var machine = new PageTableMachine(gigabytePages: gigabytePages);
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, space.Map(GiB1, DeviceMemory, GiB1, PageAttributes.Writable | PageAttributes.CacheDisable));
            List<PageTableAudit.Leaf> leaves = PageTableAudit.UserLeaves(machine, space);
            Assert.Equal(gigabytePages ? 1 : 512, leaves.Count);
            Assert.All(leaves, leaf => Assert.Equal(level, leaf.Level));
            Assert.Equal(DeviceMemory + 0x12_3456, machine.Query(space, GiB1 + 0x12_3456).Translate(GiB1 + 0x12_3456));
            // Device memory is not RAM: no references, only tables.
            PageTableAudit.Check(machine, new[] { space }, NothingHeld);
        }

        [Fact]
        public void MixedAlignmentUsesSmallPagesAtTheEndsAndLargeInTheMiddle()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            // 3 small pages, one 2 MiB page, 2 small pages.
            Assert.Equal(PagingResult.Ok, space.Map(MiB2 - 3 * KiB4, DeviceMemory + MiB2 - 3 * KiB4, 3 * KiB4 + MiB2 + 2 * KiB4, PageAttributes.None));
            var sizes = PageTableAudit.UserLeaves(machine, space).ConvertAll(leaf => leaf.Size);
            Assert.Equal(new[] { KiB4, KiB4, KiB4, MiB2, KiB4, KiB4 }, sizes);
        }

        [Fact]
        public void PhysicalMisalignmentForcesSmallPages()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, space.Map(MiB2, DeviceMemory + KiB4, MiB2, PageAttributes.None));
            Assert.Equal(512, PageTableAudit.UserLeaves(machine, space).Count);
        }

        [Fact]
        public void OverlapAnywhereInTheRangeChangesNothing()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, space.Map(0x1000_0000 + 8 * KiB4, DeviceMemory, KiB4, PageAttributes.None));
            ulong free = machine.Frames.FreeFrames;
            ulong owned = machine.Own(16 * KiB4);
            List<PageTableAudit.Leaf> before = PageTableAudit.UserLeaves(machine, space);
            Assert.Equal(PagingResult.Overlap, space.Map(0x1000_0000, owned, 16 * KiB4, UserData));
            Assert.Equal(before, PageTableAudit.UserLeaves(machine, space));
            PageTableAudit.Check(machine, new[] { space }, Held(owned, 16 * KiB4));
            // A huge page over existing small ones overlaps too, and so do small over huge.
            Assert.Equal(PagingResult.Overlap, space.Map(0x1000_0000, DeviceMemory, MiB2, PageAttributes.None));
            Assert.Equal(PagingResult.Ok, space.Map(0x2000_0000, DeviceMemory, MiB2, PageAttributes.None));
            Assert.Equal(PagingResult.Overlap, space.Map(0x2000_0000 + KiB4, DeviceMemory, KiB4, PageAttributes.None));
            Assert.Equal(PagingResult.Overlap, space.MapAnonymous(0x2000_0000 + MiB2 - KiB4, 2 * KiB4, UserData));
            machine.Disown(owned, 16 * KiB4);
            Assert.Equal(PagingResult.Ok, space.Unmap(0x2000_0000, MiB2));
            Assert.Equal(free, machine.Frames.FreeFrames);
        }

        [Fact]
        public void MappingAFreeFrameIsRefusedAndChangesNothing()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            // The tables first, or the freed frame would become one of them.
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x40_8000, KiB4, UserData));
            ulong owned = machine.Own(4 * KiB4);
            machine.Disown(owned + 3 * KiB4, KiB4);
            Assert.Equal(PagingResult.FrameNotAllocated, space.Map(0x40_0000, owned, 4 * KiB4, UserData));
            PageTableAudit.Check(machine, new[] { space }, Held(owned, 3 * KiB4));
            Assert.Single(PageTableAudit.UserLeaves(machine, space));
        }

        [Theory]
        [InlineData(0x1001UL, 0x1000UL, 0UL, PagingResult.Misaligned)]
        [InlineData(0x1000UL, 0x1001UL, 0UL, PagingResult.Misaligned)]
        [InlineData(0x1000UL, 0x1000UL, 0x10UL, PagingResult.Misaligned)]
        [InlineData(0x1000UL, 0UL, 0UL, PagingResult.OutOfRange)]
        [InlineData(0x0000_8000_0000_0000UL, 0x1000UL, 0UL, PagingResult.OutOfRange)]
        [InlineData(0x0000_7FFF_FFFF_F000UL, 0x2000UL, 0UL, PagingResult.OutOfRange)]
        [InlineData(0x1000UL, 0x1000UL, 1UL << 52, PagingResult.OutOfRange)]
        public void BadArgumentsAreRefused(ulong address, ulong length, ulong physical, PagingResult expected)
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.Equal(expected, space.Map(address, DeviceMemory + physical, length, PageAttributes.None));
            Assert.Equal(machine.FreeAtStart - 1, machine.Frames.FreeFrames);
        }

        [Fact]
        public void WritableCopyOnWriteAndUnknownAttributesAreRefused()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.InvalidAttributes, space.Map(0x1000, DeviceMemory, KiB4, PageAttributes.Writable | PageAttributes.CopyOnWrite));
            Assert.Equal(PagingResult.InvalidAttributes, space.MapAnonymous(0x1000, KiB4, (PageAttributes)(1UL << 11)));
        }

        [Fact]
        public void TheLastPageOfEachHalfCanBeMapped()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x0000_7FFF_FFFF_F000, KiB4, UserData));
            Assert.Equal(PagingResult.Ok, machine.Kernel.ReserveKernelTables(0xFFFF_FF80_0000_0000, 512 * GiB1));
            Assert.Equal(PagingResult.Ok, machine.Kernel.MapAnonymous(0xFFFF_FFFF_FFFF_E000, 2 * KiB4, PageAttributes.Writable));
            Assert.True(machine.Kernel.Query(0xFFFF_FFFF_FFFF_F000, out PageMapping top));
            Assert.Equal(0xFFFF_FFFF_FFFF_F000UL, top.PageAddress);
            Assert.Equal(PagingResult.Ok, machine.Kernel.Unmap(0xFFFF_FFFF_FFFF_E000, 2 * KiB4));
            Assert.Equal(PagingResult.Ok, space.Unmap(0x0000_7FFF_FFFF_F000, KiB4));
        }

        [Fact]
        public void KernelHalfMappingsShowInEverySpaceMadeFromTheTemplate()
        {
            var machine = new PageTableMachine();
            AddressSpace before = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, machine.Kernel.MapAnonymous(KernelArena, 3 * KiB4, PageAttributes.Writable | PageAttributes.Global));
            AddressSpace after = machine.NewSpace();
            // Mapping through any space puts it in the shared kernel half.
            Assert.Equal(PagingResult.Ok, after.Map(KernelArena + GiB1, DeviceMemory, MiB2, PageAttributes.CacheDisable));
            foreach (AddressSpace space in new[] { machine.Kernel, before, after })
            {
                Assert.Equal(machine.Query(machine.Kernel, KernelArena + KiB4).PhysicalAddress, machine.Query(space, KernelArena + KiB4).PhysicalAddress);
                Assert.True(machine.Query(space, KernelArena + GiB1).IsMapped);
            }
            PageTableAudit.Check(machine, new[] { before, after }, NothingHeld);
            Assert.Equal(PagingResult.KernelTableMissing, before.MapAnonymous(0xFFFF_9000_0000_0000, KiB4, PageAttributes.Writable));
            Assert.Equal(PagingResult.OutOfRange, before.ReserveKernelTables(0x1000, KiB4));
            // Emptied again, the shared PDPT stays.
            Assert.Equal(PagingResult.Ok, before.Unmap(KernelArena, 2 * GiB1));
            PageTableAudit.Check(machine, new[] { before, after }, NothingHeld);
            Assert.Equal(PagingResult.Ok, before.Destroy());
            Assert.Equal(PagingResult.Ok, after.Destroy());
            Assert.Equal(machine.FreeAtStart, machine.Frames.FreeFrames);
        }

        [Fact]
        public void AnonymousMemoryIsZeroedAndFreedByUnmap()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            // Dirty every free frame, so a frame that is not zeroed shows.
            List<ulong> all = machine.Exhaust(0);
            foreach (ulong frame in all) machine.WriteRam(frame + 8, 0xDEAD);
            machine.Disown(all);
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x40_0000, 5 * KiB4, UserData));
            for (ulong page = 0; page < 5; page++)
            {
                PageMapping mapping = machine.Query(space, 0x40_0000 + page * KiB4);
                Assert.Equal(0UL, machine.ReadRam(mapping.PhysicalAddress + 8));
                Assert.Equal(1u, machine.Frames.ReferenceCount(mapping.PhysicalAddress));
            }
            PageTableAudit.Check(machine, new[] { space }, NothingHeld);
            Assert.Equal(PagingResult.Ok, space.Unmap(0x40_0000, 5 * KiB4));
            Assert.Equal(machine.FreeAtStart - 1, machine.Frames.FreeFrames);   // only the root remains
        }

        [Fact]
        public void AnonymousHugePagesComeFromContiguousRunsOrFallBack()
        {
            var machine = new PageTableMachine(ramBytes: 8UL << 20);
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(MiB2, MiB2, UserData));
            Assert.Equal(MiB2, machine.Query(space, MiB2).PageSize);
            // Pin one frame in every free 2 MiB run: no contiguous run is left, small pages it is.
            List<ulong> all = machine.Exhaust(0);
            var pinned = all.FindAll(frame => frame % MiB2 == 0);
            machine.Disown(all.FindAll(frame => frame % MiB2 != 0));
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(2 * MiB2, MiB2, UserData));
            Assert.Equal(KiB4, machine.Query(space, 2 * MiB2).PageSize);
            machine.Disown(pinned);
            PageTableAudit.Check(machine, new[] { space }, NothingHeld);
            Assert.Equal(PagingResult.Ok, space.Destroy());
            Assert.Equal(machine.FreeAtStart, machine.Frames.FreeFrames);
        }

        [Fact]
        public void OutOfFramesForTablesChangesNothing()
        {
            for (ulong keep = 0; keep < 3; keep++)
            {
                var machine = new PageTableMachine();
                AddressSpace space = machine.NewSpace();
                ulong owned = machine.Own(KiB4);
                List<ulong> taken = machine.Exhaust(keep);
                // Needs a PDPT, a PD and a PT.
                Assert.Equal(PagingResult.OutOfFrames, space.Map(0x40_0000, owned, KiB4, UserData));
                Assert.Equal(keep, machine.Frames.FreeFrames);
                Assert.Empty(PageTableAudit.UserLeaves(machine, space));
                var held = Held(owned, KiB4);
                foreach (ulong frame in taken) held[frame] = 1;
                PageTableAudit.Check(machine, new[] { space }, held);
            }
        }

        [Fact]
        public void OutOfFramesPartWayThroughARangeUndoesTheWholeRange()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            // 3 tables for the first 2 MiB, one more page table for the second.
            List<ulong> taken = machine.Exhaust(3 + 4);
            Assert.Equal(PagingResult.OutOfFrames, space.MapAnonymous(MiB2 - 4 * KiB4, 8 * KiB4, UserData));
            Assert.Equal(7UL, machine.Frames.FreeFrames);
            Assert.Empty(PageTableAudit.UserLeaves(machine, space));
            machine.Disown(taken);
            PageTableAudit.Check(machine, new[] { space }, NothingHeld);
        }

        [Fact]
        public void MapThenUnmapInExistingTablesTouchesNoAllocatorButTheFrame()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            space.Activate();
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x40_0000, KiB4, UserData));   // keeps the tables alive
            ulong frame = machine.Own(KiB4);
            ulong free = machine.Frames.FreeFrames;
            for (int i = 0; i < 100; i++)
            {
                machine.Tlb.ClearLog();
                Assert.Equal(PagingResult.Ok, space.Map(0x40_1000, frame, KiB4, UserData));
                Assert.Equal(free, machine.Frames.FreeFrames);
                Assert.Equal(PagingResult.Ok, space.Unmap(0x40_1000, KiB4));
                Assert.Equal(new[] { 0x40_1000UL }, machine.Tlb.Invalidated);
            }
            Assert.Equal(1u, machine.Frames.ReferenceCount(frame));
        }
    }
}
