using System;
using System.Collections.Generic;
using Lunix.Abi;
using Lunix.Servers.Vm;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // RegionTable, VM's record of each process's regions (Servers/Vm/RegionTable.cs): placement,
    // the fault path's look-up, removal with splits and its permission rule, a slot's reuse, and
    // the records kept outside VM (here a stand-in for the kernel's VMREGIONS) that let a new VM,
    // a restarted process and an updated one each find the right regions.
    public class RegionTableTests
    {
        private const ulong Page = VmRequests.PageSize;
        private const int A = 20, B = 21;                                   // endpoints (slots 20, 21)
        private static int Error(Errno e) => -(int)e;
        private readonly RegionRecordsModel records = new();

        [Fact]
        public void Regions_are_placed_in_the_area_with_a_guard_page_between()
        {
            var table = new RegionTable(records);
            Assert.Equal(0, table.Add(A, 2 * Page, VmProtection.Writable, Endpoint.None, out ulong first));
            Assert.Equal(0, table.Add(A, Page, VmProtection.Read, Endpoint.None, out ulong second));
            Assert.Equal(RegionTable.AreaStart, first);
            Assert.Equal(first + 3 * Page, second);
            Assert.True(table.TryFind(A, records.SpaceOf(A), first + 2 * Page - 1, out VmRegion region));
            Assert.Equal(VmProtection.Writable, region.Protection);
            Assert.False(table.TryFind(A, records.SpaceOf(A), first + 2 * Page, out _));         // the guard page
            Assert.True(table.TryFind(A, records.SpaceOf(A), second, out region));
            Assert.Equal(VmProtection.Read, region.Protection);
            Assert.False(table.TryFind(B, records.SpaceOf(B), first, out _));                    // another process's
        }

        [Fact]
        public void A_region_at_the_same_address_goes_there_and_later_ones_go_past_it()
        {
            // A live update's hand-over (map_memory SameAddress): B gets A's ranges where A has them.
            var table = new RegionTable(records);
            ulong at = RegionTable.AreaStart + 8 * Page;
            Assert.Equal(0, table.AddAtSameAddress(B, at, 2 * Page, VmProtection.Writable, A));
            Assert.True(table.TryFind(B, records.SpaceOf(B), at + Page, out VmRegion region));
            Assert.Equal(A, region.Giver);
            Assert.Equal(Error(Errno.EEXIST), table.AddAtSameAddress(B, at + Page, 2 * Page, VmProtection.Writable, A));
            Assert.Equal(Error(Errno.EINVAL), table.AddAtSameAddress(B, RegionTable.AreaStart - Page, Page, VmProtection.Writable, A));
            Assert.Equal(Error(Errno.EINVAL), table.AddAtSameAddress(B, at + 100, Page, VmProtection.Writable, A));
            Assert.Equal(0, table.Add(B, Page, VmProtection.Writable, Endpoint.None, out ulong next));
            Assert.Equal(at + 3 * Page, next);
        }

        [Theory]
        [InlineData(0UL, VmProtection.Writable)]
        [InlineData(100UL, VmProtection.Writable)]
        [InlineData(RegionTable.MaxLength + Page, VmProtection.Writable)]
        [InlineData(Page, (VmProtection)4)]
        public void Bad_lengths_and_protections_are_refused(ulong length, VmProtection protection)
        {
            var table = new RegionTable(records);
            Assert.Equal(Error(Errno.EINVAL), table.Add(A, length, protection, Endpoint.None, out _));
            Assert.Equal(0, table.CountOf(A));
        }

        [Fact]
        public void A_full_table_refuses_more_with_ENOMEM()
        {
            var table = new RegionTable(records);
            for (int i = 0; i < RegionTable.PerProcess; i++)
                Assert.Equal(0, table.Add(A, Page, VmProtection.Writable, Endpoint.None, out _));
            Assert.Equal(Error(Errno.ENOMEM), table.Add(A, Page, VmProtection.Writable, Endpoint.None, out _));
            Assert.Equal(0, table.Add(B, Page, VmProtection.Writable, Endpoint.None, out _));
        }

        [Fact]
        public void Removing_the_middle_splits_a_region_and_the_ends_shrink_it()
        {
            var table = new RegionTable(records);
            table.Add(A, 4 * Page, VmProtection.Writable, Endpoint.None, out ulong start);
            Assert.Equal(0, table.Remove(A, start + Page, Page, A));
            Assert.Equal(2, table.CountOf(A));
            Assert.True(table.TryFind(A, records.SpaceOf(A), start, out _));
            Assert.False(table.TryFind(A, records.SpaceOf(A), start + Page, out _));
            Assert.True(table.TryFind(A, records.SpaceOf(A), start + 2 * Page, out VmRegion tail));
            Assert.Equal(2 * Page, tail.Length);
            Assert.Equal(0, table.Remove(A, start, Page, A));
            Assert.Equal(0, table.Remove(A, start + 3 * Page, Page, A));
            Assert.Equal(1, table.CountOf(A));
            Assert.Equal(0, table.Remove(A, start + 2 * Page, Page, A));
            Assert.Equal(0, table.CountOf(A));
        }

        [Fact]
        public void Only_the_owner_or_the_giver_may_remove_and_only_inside_one_region()
        {
            var table = new RegionTable(records);
            table.Add(A, 2 * Page, VmProtection.Writable, giver: B, out ulong given);
            table.Add(A, Page, VmProtection.Writable, Endpoint.None, out ulong own);
            Assert.Equal(Error(Errno.EPERM), table.Remove(A, own, Page, B));
            Assert.Equal(Error(Errno.EINVAL), table.Remove(A, given, 3 * Page, A));       // past its end
            Assert.Equal(Error(Errno.EINVAL), table.Remove(A, given, 100, A));            // not whole pages
            Assert.Equal(Error(Errno.EINVAL), table.Remove(A, RegionTable.AreaEnd, Page, A));
            Assert.Equal(0, table.Remove(A, given, 2 * Page, B));
            Assert.Equal(0, table.Remove(A, own, Page, A));
        }

        [Fact]
        public void A_split_with_the_table_full_changes_nothing()
        {
            var table = new RegionTable(records);
            table.Add(A, 3 * Page, VmProtection.Writable, Endpoint.None, out ulong start);
            for (int i = 1; i < RegionTable.PerProcess; i++) table.Add(A, Page, VmProtection.Writable, Endpoint.None, out _);
            Assert.Equal(Error(Errno.ENOMEM), table.Remove(A, start + Page, Page, A));
            Assert.True(table.TryFind(A, records.SpaceOf(A), start + Page, out VmRegion region));
            Assert.Equal(3 * Page, region.Length);
        }

        [Fact]
        public void A_new_occupant_of_the_slot_starts_with_no_regions()
        {
            var table = new RegionTable(records);
            table.Add(A, Page, VmProtection.Writable, Endpoint.None, out ulong old);
            int reborn = Endpoint.Make(1, Endpoint.SlotOf(A));
            records.Occupy(reborn);
            Assert.False(table.TryFind(reborn, records.SpaceOf(reborn), old, out _));
            Assert.Equal(0, table.Add(reborn, Page, VmProtection.Writable, Endpoint.None, out ulong fresh));
            Assert.Equal(RegionTable.AreaStart, fresh);
            Assert.False(table.TryFind(A, records.SpaceOf(A), old, out _));
            Assert.Equal(1, table.CountOf(reborn));
        }

        [Fact]
        public void A_forked_child_inherits_a_copy_of_the_parents_regions()
        {
            var table = new RegionTable(records);
            int child = Endpoint.Make(2, 30), stale = Endpoint.Make(1, 30);
            table.Add(stale, Page, VmProtection.Writable, Endpoint.None, out _);         // the slot's last occupant
            records.Occupy(child);                                                        // FORK: a new space there
            table.Add(A, 2 * Page, VmProtection.Writable, Endpoint.None, out ulong own);
            table.Add(A, Page, VmProtection.Read, giver: B, out ulong given);
            Assert.Equal(0, table.Inherit(A, child));
            Assert.Equal(2, table.CountOf(child));
            Assert.Equal(0, table.CountOf(stale));
            Assert.True(table.TryFind(child, records.SpaceOf(child), own + Page, out VmRegion region));
            Assert.Equal(VmProtection.Writable, region.Protection);
            Assert.True(table.TryFind(child, records.SpaceOf(child), given, out region));
            Assert.Equal(B, region.Giver);
            Assert.Equal(2, new RegionTable(records).CountOf(child));                     // saved, like any change
            // A copy: each side's later changes are its own, and new regions go where the parent's would.
            Assert.Equal(0, table.Remove(child, own, 2 * Page, child));
            Assert.True(table.TryFind(A, records.SpaceOf(A), own, out _));
            Assert.Equal(0, table.Add(child, Page, VmProtection.Writable, Endpoint.None, out ulong next));
            Assert.Equal(0, table.Add(A, Page, VmProtection.Writable, Endpoint.None, out ulong parentNext));
            Assert.Equal(parentNext, next);
            Assert.Equal(3, table.CountOf(A));
            Assert.Equal(2, table.CountOf(child));
        }

        [Fact]
        public void A_child_of_a_parent_without_regions_starts_with_none()
        {
            var table = new RegionTable(records);
            int parent = Endpoint.Make(1, Endpoint.SlotOf(A)), child = Endpoint.Make(0, 30);
            table.Add(A, Page, VmProtection.Writable, Endpoint.None, out _);            // the parent slot's last occupant's
            table.Add(child, Page, VmProtection.Writable, Endpoint.None, out _);        // the child slot's last occupant's
            records.Occupy(parent);
            records.Occupy(child);
            Assert.Equal(0, table.Inherit(parent, child));
            Assert.Equal(0, table.CountOf(child));
            Assert.Equal(0, table.Add(child, Page, VmProtection.Writable, Endpoint.None, out ulong first));
            Assert.Equal(RegionTable.AreaStart, first);
        }

        [Fact]
        public void A_new_VM_finds_every_region_in_the_records()
        {
            var old = new RegionTable(records);
            old.Add(A, 2 * Page, VmProtection.Writable, Endpoint.None, out ulong first);
            old.Add(B, Page, VmProtection.Read, giver: A, out ulong given);
            old.Remove(A, first, Page, A);
            var restarted = new RegionTable(records);
            Assert.False(restarted.TryFind(A, records.SpaceOf(A), first, out _));
            Assert.True(restarted.TryFind(A, records.SpaceOf(A), first + Page, out VmRegion region));
            Assert.Equal(VmProtection.Writable, region.Protection);
            Assert.True(restarted.TryFind(B, records.SpaceOf(B), given, out region));
            Assert.Equal(A, region.Giver);
            Assert.Equal(0, restarted.Add(A, Page, VmProtection.Writable, Endpoint.None, out ulong next));
            Assert.Equal(first + 3 * Page, next);                           // placement goes on after the old ones
        }

        [Fact]
        public void A_new_address_space_under_the_same_endpoint_has_no_regions()
        {
            var table = new RegionTable(records);
            table.Add(A, Page, VmProtection.Writable, Endpoint.None, out ulong old);
            Assert.True(table.TryFind(A, records.SpaceOf(A), old, out _));
            records.Occupy(A);                                              // restarted, endpoint kept
            Assert.False(table.TryFind(A, records.SpaceOf(A), old, out _));
            Assert.Equal(0, table.CountOf(A));
            Assert.Equal(0, table.Add(A, Page, VmProtection.Writable, Endpoint.None, out ulong fresh));
            Assert.Equal(RegionTable.AreaStart, fresh);
        }

        [Fact]
        public void Regions_follow_the_program_when_two_slots_trade_programs()
        {
            var table = new RegionTable(records);
            table.Add(A, Page, VmProtection.Writable, Endpoint.None, out ulong mine);
            Assert.True(table.TryFind(A, records.SpaceOf(A), mine, out _));
            records.Swap(A, B);                                             // live update: UPDATE
            Assert.False(table.TryFind(A, records.SpaceOf(A), mine, out _));
            Assert.True(table.TryFind(B, records.SpaceOf(B), mine, out _));
        }

        [Fact]
        public void A_dead_process_gets_no_regions()
        {
            var table = new RegionTable(records);
            records.Kill(A);
            Assert.Equal(Error(Errno.EDEADSRCDST), table.Add(A, Page, VmProtection.Writable, Endpoint.None, out _));
            Assert.False(table.TryFindCurrent(A, RegionTable.AreaStart, out _));
        }
    }
}
