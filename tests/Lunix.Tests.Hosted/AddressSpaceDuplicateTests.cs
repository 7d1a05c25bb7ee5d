using System.Collections.Generic;
using Lunix.Kernel.Memory;
using Xunit;
using static Lunix.Tests.Hosted.PageTableMachine;

namespace Lunix.Tests.Hosted
{
    public class AddressSpaceDuplicateTests
    {
        private const PageAttributes UserData = PageAttributes.Writable | PageAttributes.User | PageAttributes.NoExecute;
        private const PageAttributes UserText = PageAttributes.User;
        private const PageAttributes UserCopyOnWrite = PageAttributes.CopyOnWrite | PageAttributes.User | PageAttributes.NoExecute;
        private static readonly Dictionary<ulong, int> NothingHeld = new Dictionary<ulong, int>();

        [Fact]
        public void WritableRamBecomesCopyOnWriteInBothAndTheRestIsSharedAsItIs()
        {
            var machine = new PageTableMachine();
            AddressSpace parent = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, parent.MapAnonymous(0x40_0000, 2 * KiB4, UserData));
            Assert.Equal(PagingResult.Ok, parent.MapAnonymous(0x60_0000, KiB4, UserText));
            Assert.Equal(PagingResult.Ok, parent.Map(0x80_0000, DeviceMemory, KiB4, PageAttributes.Writable | PageAttributes.CacheDisable));
            Assert.Equal(PagingResult.Ok, machine.Kernel.MapAnonymous(KernelArena, KiB4, PageAttributes.Writable));
            ulong free = machine.Frames.FreeFrames;
            Assert.Equal(PagingResult.Ok, parent.Duplicate(out AddressSpace child));
            // A root, a PDPT, a PD and three page tables; no page is copied.
            Assert.Equal(free - 6, machine.Frames.FreeFrames);
            foreach (AddressSpace space in new[] { parent, child })
            {
                Assert.Equal(UserCopyOnWrite, machine.Query(space, 0x40_1000).Attributes);
                Assert.Equal(UserText, machine.Query(space, 0x60_0000).Attributes);
                Assert.Equal(PageAttributes.Writable | PageAttributes.CacheDisable, machine.Query(space, 0x80_0000).Attributes);
                Assert.Equal(PageAttributes.Writable, machine.Query(space, KernelArena).Attributes);
            }
            ulong frame = machine.Query(parent, 0x40_1000).PhysicalAddress;
            Assert.Equal(frame, machine.Query(child, 0x40_1000).PhysicalAddress);
            Assert.Equal(2u, machine.Frames.ReferenceCount(frame));
            PageTableAudit.Check(machine, new[] { parent, child }, NothingHeld);
        }

        [Fact]
        public void ActiveParentInvalidatesThePagesItMadeReadOnly()
        {
            var machine = new PageTableMachine();
            AddressSpace parent = machine.NewSpace();
            parent.Activate();
            Assert.Equal(PagingResult.Ok, parent.MapAnonymous(0x40_0000, 2 * KiB4, UserData));
            Assert.Equal(PagingResult.Ok, parent.MapAnonymous(0x60_0000, KiB4, UserText));
            machine.Tlb.Touch(parent, 0x40_0000);
            machine.Tlb.Touch(parent, 0x60_0000);
            machine.Tlb.ClearLog();
            Assert.Equal(PagingResult.Ok, parent.Duplicate(out AddressSpace child));
            Assert.Equal(new ulong[] { 0x40_0000, 0x40_1000 }, machine.Tlb.Invalidated);
            machine.Tlb.AssertCoherent(parent);
            machine.Kernel.Activate();
            Assert.Equal(PagingResult.Ok, child.Destroy());
            Assert.Equal(PagingResult.Ok, parent.Destroy());
            Assert.Equal(machine.FreeAtStart, machine.Frames.FreeFrames);
        }

        [Fact]
        public void WriteFaultsCopyForTheFirstAndHandBackToTheLast()
        {
            var machine = new PageTableMachine();
            AddressSpace parent = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, parent.MapAnonymous(0x40_0000, KiB4, UserData));
            ulong original = machine.Query(parent, 0x40_0000).PhysicalAddress;
            machine.WriteRam(original + 16, 0x1234_5678);
            Assert.Equal(PagingResult.Ok, parent.Duplicate(out AddressSpace child));
            child.Activate();
            machine.Tlb.Touch(child, 0x40_0000);
            Assert.Equal(PagingResult.Ok, child.ResolveCopyOnWrite(0x40_0123));
            machine.Tlb.AssertCoherent(child);
            PageMapping copied = machine.Query(child, 0x40_0000);
            Assert.NotEqual(original, copied.PhysicalAddress);
            Assert.Equal(UserData, copied.Attributes);
            Assert.Equal(0x1234_5678UL, machine.ReadRam(copied.PhysicalAddress + 16));
            Assert.Equal(1u, machine.Frames.ReferenceCount(original));
            // The parent is now the frame's only holder: it takes it back without a copy.
            ulong free = machine.Frames.FreeFrames;
            Assert.Equal(PagingResult.Ok, parent.ResolveCopyOnWrite(0x40_0000));
            Assert.Equal(original, machine.Query(parent, 0x40_0000).PhysicalAddress);
            Assert.Equal(UserData, machine.Query(parent, 0x40_0000).Attributes);
            Assert.Equal(free, machine.Frames.FreeFrames);
            Assert.Equal(PagingResult.NotCopyOnWrite, parent.ResolveCopyOnWrite(0x40_0000));
            PageTableAudit.Check(machine, new[] { parent, child }, NothingHeld);
        }

        [Fact]
        public void CopyOnWriteOfAHugePageSplitsItAndCopiesOnePage()
        {
            var machine = new PageTableMachine();
            AddressSpace parent = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, parent.MapAnonymous(MiB2, MiB2, UserData));
            ulong huge = machine.Query(parent, MiB2).PhysicalAddress;
            Assert.Equal(MiB2, machine.Query(parent, MiB2).PageSize);
            Assert.Equal(PagingResult.Ok, parent.Duplicate(out AddressSpace child));
            ulong free = machine.Frames.FreeFrames;
            Assert.Equal(PagingResult.Ok, child.ResolveCopyOnWrite(MiB2 + 7 * KiB4));
            Assert.Equal(free - 2, machine.Frames.FreeFrames);   // a page table and the copy
            Assert.NotEqual(huge + 7 * KiB4, machine.Query(child, MiB2 + 7 * KiB4).PhysicalAddress);
            Assert.Equal(huge + 8 * KiB4, machine.Query(child, MiB2 + 8 * KiB4).PhysicalAddress);
            Assert.Equal(UserCopyOnWrite, machine.Query(child, MiB2 + 8 * KiB4).Attributes);
            Assert.Equal(MiB2, machine.Query(parent, MiB2).PageSize);
            PageTableAudit.Check(machine, new[] { parent, child }, NothingHeld);
        }

        [Fact]
        public void GenuineFaultsAreNotCopyOnWrite()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x40_0000, KiB4, UserText));
            Assert.Equal(PagingResult.Ok, space.Map(0x50_0000, DeviceMemory, KiB4, PageAttributes.CopyOnWrite));
            Assert.Equal(PagingResult.NotCopyOnWrite, space.ResolveCopyOnWrite(0x40_0000));
            Assert.Equal(PagingResult.NotCopyOnWrite, space.ResolveCopyOnWrite(0x50_0000));
            Assert.Equal(PagingResult.NotCopyOnWrite, space.ResolveCopyOnWrite(0x90_0000));
            Assert.Equal(PagingResult.NotCopyOnWrite, space.ResolveCopyOnWrite(0x8000_0000_0000));
        }

        [Fact]
        public void ResolveWithoutAFrameForTheCopyChangesNothing()
        {
            var machine = new PageTableMachine();
            AddressSpace parent = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, parent.MapAnonymous(0x40_0000, KiB4, UserData));
            Assert.Equal(PagingResult.Ok, parent.Duplicate(out AddressSpace child));
            List<ulong> taken = machine.Exhaust(0);
            Assert.Equal(PagingResult.OutOfFrames, child.ResolveCopyOnWrite(0x40_0000));
            Assert.Equal(UserCopyOnWrite, machine.Query(child, 0x40_0000).Attributes);
            machine.Disown(taken);
            PageTableAudit.Check(machine, new[] { parent, child }, NothingHeld);
        }

        [Fact]
        public void DuplicateWithoutFramesLeavesTheParentAsItWas()
        {
            var machine = new PageTableMachine();
            AddressSpace parent = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, parent.MapAnonymous(0x40_0000, 3 * KiB4, UserData));
            Assert.Equal(PagingResult.Ok, parent.MapAnonymous(0x1_0000_0000, 3 * KiB4, UserData));
            List<PageTableAudit.Leaf> before = PageTableAudit.UserLeaves(machine, parent);
            // The child needs a root, a PDPT, two PDs and two page tables; give it every number
            // of frames short of that.
            for (ulong keep = 0; keep < 6; keep++)
            {
                List<ulong> taken = machine.Exhaust(keep);
                Assert.Equal(PagingResult.OutOfFrames, parent.Duplicate(out AddressSpace child));
                Assert.False(child.IsCreated);
                Assert.Equal(keep, machine.Frames.FreeFrames);
                Assert.Equal(before, PageTableAudit.UserLeaves(machine, parent));
                machine.Disown(taken);
            }
            PageTableAudit.Check(machine, new[] { parent }, NothingHeld);
        }

        // The walks skip empty entries eight at a time: pages at the first and last entries of
        // their tables, lone and in runs that end mid-group, must all be found.
        [Fact]
        public void SparseTablesAreCopiedCountedAndFreedWhole()
        {
            var machine = new PageTableMachine();
            AddressSpace parent = machine.NewSpace();
            ulong[] lone = { 0x0, 0x1F_F000, 0x20_7000, 0x3F_F000, 0x7F_FFFF_F000, 0x7FFF_FFFF_F000 };
            foreach (ulong address in lone) Assert.Equal(PagingResult.Ok, parent.MapAnonymous(address, KiB4, UserData));
            Assert.Equal(PagingResult.Ok, parent.MapAnonymous(0x40_3000, 11 * KiB4, UserData));
            Assert.Equal(PagingResult.Ok, parent.MapAnonymous(0x4000_0000, MiB2, UserData));
            Assert.Equal(PagingResult.Ok, parent.Duplicate(out AddressSpace child));
            foreach (ulong address in lone)
                Assert.Equal(machine.Query(parent, address).PhysicalAddress, machine.Query(child, address).PhysicalAddress);
            ulong bytes = (ulong)lone.Length * KiB4 + 11 * KiB4 + MiB2;
            Assert.Equal(bytes, parent.MappedUserBytes());
            Assert.Equal(bytes, child.MappedUserBytes());
            PageTableAudit.Check(machine, new[] { parent, child }, NothingHeld);
            Assert.Equal(PagingResult.Ok, child.Destroy());
            Assert.Equal(PagingResult.Ok, parent.Destroy());
            Assert.Equal(machine.FreeAtStart, machine.Frames.FreeFrames);
        }

        [Fact]
        public void CreatingAndDestroyingAThousandSpacesGivesEveryFrameBack()
        {
            var machine = new PageTableMachine();
            AddressSpace parent = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, parent.MapAnonymous(0x40_0000, 40 * KiB4, UserData));
            Assert.Equal(PagingResult.Ok, parent.MapAnonymous(0x7FFF_FFE0_0000, MiB2, UserData));
            ulong free = machine.Frames.FreeFrames;
            for (int i = 0; i < 1000; i++)
            {
                Assert.Equal(PagingResult.Ok, parent.Duplicate(out AddressSpace child));
                Assert.Equal(PagingResult.Ok, child.ResolveCopyOnWrite(0x40_0000 + (ulong)(i % 40) * KiB4));
                Assert.Equal(PagingResult.Ok, child.Destroy());
            }
            Assert.Equal(free, machine.Frames.FreeFrames);
            PageTableAudit.Check(machine, new[] { parent }, NothingHeld);
        }
    }
}
