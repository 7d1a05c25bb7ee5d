using System.Collections.Generic;
using Lunix.Kernel.Memory;
using Xunit;
using static Lunix.Tests.Hosted.PageTableMachine;

namespace Lunix.Tests.Hosted
{
    // The address-space operations behind VM's POSIX calls: ChangeRights (VMPROTECT, mprotect),
    // Move (VMMOVE, mremap) and the Shared mark that Duplicate (fork) keeps shared.
    public class AddressSpaceMoveAndRightsTests
    {
        private const PageAttributes UserData = PageAttributes.Writable | PageAttributes.User | PageAttributes.NoExecute;
        private const PageAttributes UserReadOnly = PageAttributes.User | PageAttributes.NoExecute;
        private const PageAttributes UserCopyOnWrite = PageAttributes.CopyOnWrite | PageAttributes.User | PageAttributes.NoExecute;
        private const PageAttributes SharedData = UserData | PageAttributes.Shared;
        private static readonly Dictionary<ulong, int> NothingHeld = new Dictionary<ulong, int>();

        [Fact]
        public void Shared_pages_stay_writable_and_shared_across_a_duplicate()
        {
            var machine = new PageTableMachine();
            AddressSpace parent = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, parent.MapAnonymous(0x40_0000, KiB4, SharedData));
            Assert.Equal(PagingResult.Ok, parent.MapAnonymous(0x40_1000, KiB4, UserData));
            Assert.Equal(PagingResult.Ok, parent.Duplicate(out AddressSpace child));
            ulong frame = machine.Query(parent, 0x40_0000).PhysicalAddress;
            foreach (AddressSpace space in new[] { parent, child })
            {
                Assert.Equal(SharedData, machine.Query(space, 0x40_0000).Attributes);
                Assert.Equal(frame, machine.Query(space, 0x40_0000).PhysicalAddress);
                Assert.Equal(UserCopyOnWrite, machine.Query(space, 0x40_1000).Attributes);
            }
            Assert.Equal(2u, machine.Frames.ReferenceCount(frame));
            PageTableAudit.Check(machine, new[] { parent, child }, NothingHeld);
        }

        [Fact]
        public void Shared_and_copy_on_write_never_go_together()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.InvalidAttributes, space.MapAnonymous(0x40_0000, KiB4, UserCopyOnWrite | PageAttributes.Shared));
        }

        [Fact]
        public void Rights_change_on_the_pages_there_and_skip_holes()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x40_0000, KiB4, UserData));
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x40_2000, KiB4, UserData));
            Assert.Equal(PagingResult.Ok, space.ChangeRights(0x40_0000, 3 * KiB4, UserReadOnly));
            Assert.Equal(UserReadOnly, machine.Query(space, 0x40_0000).Attributes);
            Assert.False(machine.Query(space, 0x40_1000).IsMapped);
            Assert.Equal(UserReadOnly, machine.Query(space, 0x40_2000).Attributes);
            // Executable (no NoExecute), and out of ring 3's reach (no User) with the frame kept.
            ulong frame = machine.Query(space, 0x40_0000).PhysicalAddress;
            Assert.Equal(PagingResult.Ok, space.ChangeRights(0x40_0000, KiB4, PageAttributes.User));
            Assert.Equal(PageAttributes.User, machine.Query(space, 0x40_0000).Attributes);
            Assert.Equal(PagingResult.Ok, space.ChangeRights(0x40_0000, KiB4, PageAttributes.NoExecute));
            Assert.Equal(PageAttributes.NoExecute, machine.Query(space, 0x40_0000).Attributes);
            Assert.Equal(frame, machine.Query(space, 0x40_0000).PhysicalAddress);
            Assert.Equal(PagingResult.InvalidAttributes, space.ChangeRights(0x40_0000, KiB4, UserData | PageAttributes.CopyOnWrite));
            PageTableAudit.Check(machine, new[] { space }, NothingHeld);
        }

        [Fact]
        public void A_private_page_another_space_maps_becomes_copy_on_write_not_writable()
        {
            var machine = new PageTableMachine();
            AddressSpace parent = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, parent.MapAnonymous(0x40_0000, 2 * KiB4, UserReadOnly));
            Assert.Equal(PagingResult.Ok, parent.Duplicate(out AddressSpace child));   // read-only: shared as it is
            Assert.Equal(PagingResult.Ok, child.ChangeRights(0x40_0000, 2 * KiB4, UserData));
            Assert.Equal(UserCopyOnWrite, machine.Query(child, 0x40_0000).Attributes);
            Assert.Equal(UserReadOnly, machine.Query(parent, 0x40_0000).Attributes);
            // Its first write copies; the parent's frame is untouched.
            ulong frame = machine.Query(parent, 0x40_0000).PhysicalAddress;
            Assert.Equal(PagingResult.Ok, child.ResolveCopyOnWrite(0x40_0000));
            Assert.NotEqual(frame, machine.Query(child, 0x40_0000).PhysicalAddress);
            // Made read-only again, a copy-on-write page loses the mark too: nothing may write it.
            Assert.Equal(PagingResult.Ok, child.ChangeRights(0x40_0000, 2 * KiB4, UserReadOnly));
            Assert.Equal(UserReadOnly, machine.Query(child, 0x40_1000).Attributes);
            // The page held alone becomes writable at once.
            Assert.Equal(PagingResult.Ok, child.ChangeRights(0x40_0000, KiB4, UserData));
            Assert.Equal(UserData, machine.Query(child, 0x40_0000).Attributes);
            PageTableAudit.Check(machine, new[] { parent, child }, NothingHeld);
        }

        [Fact]
        public void A_shared_page_takes_the_rights_as_they_are_and_keeps_its_mark()
        {
            var machine = new PageTableMachine();
            AddressSpace parent = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, parent.MapAnonymous(0x40_0000, KiB4, SharedData));
            Assert.Equal(PagingResult.Ok, parent.Duplicate(out AddressSpace child));
            Assert.Equal(PagingResult.Ok, child.ChangeRights(0x40_0000, KiB4, UserReadOnly));
            Assert.Equal(UserReadOnly | PageAttributes.Shared, machine.Query(child, 0x40_0000).Attributes);
            Assert.Equal(PagingResult.Ok, child.ChangeRights(0x40_0000, KiB4, UserData));
            Assert.Equal(SharedData, machine.Query(child, 0x40_0000).Attributes);
            PageTableAudit.Check(machine, new[] { parent, child }, NothingHeld);
        }

        [Fact]
        public void Rights_of_part_of_a_huge_page_split_it()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(MiB2, MiB2, UserData));
            Assert.Equal(MiB2, machine.Query(space, MiB2).PageSize);
            Assert.Equal(PagingResult.Ok, space.ChangeRights(MiB2 + KiB4, KiB4, UserReadOnly));
            Assert.Equal(UserReadOnly, machine.Query(space, MiB2 + KiB4).Attributes);
            Assert.Equal(UserData, machine.Query(space, MiB2).Attributes);
            Assert.Equal(KiB4, machine.Query(space, MiB2).PageSize);
            PageTableAudit.Check(machine, new[] { space }, NothingHeld);
        }

        [Fact]
        public void Move_takes_the_pages_frames_and_marks_along_and_keeps_holes()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x40_0000, KiB4, UserData));
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x40_2000, KiB4, SharedData));
            ulong first = machine.Query(space, 0x40_0000).PhysicalAddress, third = machine.Query(space, 0x40_2000).PhysicalAddress;
            machine.WriteRam(first, 0x1234);
            ulong free = machine.Frames.FreeFrames;
            Assert.Equal(PagingResult.Ok, space.Move(0x40_0000, 0x80_0000, 3 * KiB4));
            Assert.False(machine.Query(space, 0x40_0000).IsMapped);
            Assert.False(machine.Query(space, 0x40_2000).IsMapped);
            Assert.Equal(first, machine.Query(space, 0x80_0000).PhysicalAddress);
            Assert.Equal(UserData, machine.Query(space, 0x80_0000).Attributes);
            Assert.False(machine.Query(space, 0x80_1000).IsMapped);
            Assert.Equal(third, machine.Query(space, 0x80_2000).PhysicalAddress);
            Assert.Equal(SharedData, machine.Query(space, 0x80_2000).Attributes);
            Assert.Equal(0x1234UL, machine.ReadRam(first));
            Assert.Equal(1u, machine.Frames.ReferenceCount(first));
            // One page table for the target, one freed at the source.
            Assert.Equal(free, machine.Frames.FreeFrames);
            PageTableAudit.Check(machine, new[] { space }, NothingHeld);
        }

        [Fact]
        public void Move_of_copy_on_write_pages_keeps_them_copy_on_write()
        {
            var machine = new PageTableMachine();
            AddressSpace parent = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, parent.MapAnonymous(0x40_0000, KiB4, UserData));
            Assert.Equal(PagingResult.Ok, parent.Duplicate(out AddressSpace child));
            ulong frame = machine.Query(child, 0x40_0000).PhysicalAddress;
            Assert.Equal(PagingResult.Ok, child.Move(0x40_0000, 0x41_0000, KiB4));
            Assert.Equal(UserCopyOnWrite, machine.Query(child, 0x41_0000).Attributes);
            Assert.Equal(frame, machine.Query(child, 0x41_0000).PhysicalAddress);
            Assert.Equal(2u, machine.Frames.ReferenceCount(frame));
            PageTableAudit.Check(machine, new[] { parent, child }, NothingHeld);
        }

        [Fact]
        public void Move_refuses_a_target_in_use_or_overlapping_and_changes_nothing()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x40_0000, 2 * KiB4, UserData));
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(0x80_1000, KiB4, UserData));
            Assert.Equal(PagingResult.Overlap, space.Move(0x40_0000, 0x80_0000, 2 * KiB4));
            Assert.Equal(PagingResult.Overlap, space.Move(0x40_0000, 0x40_1000, 2 * KiB4));
            Assert.True(machine.Query(space, 0x40_1000).IsMapped);
            Assert.False(machine.Query(space, 0x80_0000).IsMapped);
            PageTableAudit.Check(machine, new[] { space }, NothingHeld);
        }

        [Fact]
        public void Move_of_part_of_a_huge_page_moves_its_small_pages()
        {
            var machine = new PageTableMachine();
            AddressSpace space = machine.NewSpace();
            Assert.Equal(PagingResult.Ok, space.MapAnonymous(MiB2, MiB2, UserData));
            ulong huge = machine.Query(space, MiB2).PhysicalAddress;
            Assert.Equal(PagingResult.Ok, space.Move(MiB2 + KiB4, 0x4000_0000, 2 * KiB4));
            Assert.Equal(huge + KiB4, machine.Query(space, 0x4000_0000).PhysicalAddress);
            Assert.Equal(huge + 2 * KiB4, machine.Query(space, 0x4000_1000).PhysicalAddress);
            Assert.False(machine.Query(space, MiB2 + KiB4).IsMapped);
            Assert.True(machine.Query(space, MiB2).IsMapped && machine.Query(space, MiB2 + 3 * KiB4).IsMapped);
            PageTableAudit.Check(machine, new[] { space }, NothingHeld);
        }
    }
}
