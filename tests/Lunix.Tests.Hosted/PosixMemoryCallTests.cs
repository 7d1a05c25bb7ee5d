using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Servers.Vm;
using Xunit;
using static Lunix.Tests.Hosted.PosixVm;

namespace Lunix.Tests.Hosted
{
    // VM's POSIX memory calls (Servers/Vm/PosixMemory*.cs) over models of the kernel's record
    // and page tables: what each call does to the process's regions (as saved in the record) and
    // to its pages, and Linux's answers. tests/Posix/vm_*.c check the same calls from a real
    // program, on the host Linux and on Lunix.
    public class PosixMemoryCallTests
    {
        private const long ReadWrite = LinuxMemory.ProtRead | LinuxMemory.ProtWrite;
        private const long PrivateAnonymous = LinuxMemory.MapPrivate | LinuxMemory.MapAnonymous;
        private readonly PosixVm vm = new();

        // ---- brk ----

        [Fact]
        public void The_break_starts_after_the_program_and_moves_by_bytes()
        {
            Assert.Equal((long)HeapStart, vm.Brk(0));
            Assert.Equal((long)HeapStart + 5000, vm.Brk(HeapStart + 5000));
            Assert.Equal((long)HeapStart + 5000, vm.Brk(0));
            VmRegion heap = vm.SavedRegionAt(HeapStart).Value;
            Assert.Equal((HeapStart, 2 * Page, VmProtection.Writable, VmRegionFlags.None), (heap.Start, heap.Length, heap.Protection, heap.Flags));
            Assert.Equal(HeapStart + 5000, vm.Records.Saved(P).Header.Break);
            // Shrunk, the pages above the new break's page go.
            vm.Pages.Write(P, HeapStart + Page, 1);
            Assert.Equal((long)HeapStart + 10, vm.Brk(HeapStart + 10));
            Assert.False(vm.Pages.IsThere(P, HeapStart + Page));
            Assert.Equal(Page, vm.SavedRegionAt(HeapStart).Value.Length);
            Assert.Null(vm.SavedRegionAt(HeapStart + Page));
            Assert.Equal((long)HeapStart, vm.Brk(HeapStart));
            Assert.Null(vm.SavedRegionAt(HeapStart));
        }

        [Fact]
        public void A_break_that_cannot_be_had_answers_the_old_one()
        {
            Assert.Equal((long)HeapStart + 100, vm.Brk(HeapStart + 100));
            Assert.Equal((long)HeapStart + 100, vm.Brk(Data));                          // below the start
            Assert.Equal((long)HeapStart + 100, vm.Brk(ExecLayout.StackTop - Page));    // into the stack's reserve
            Assert.Equal((long)HeapStart + 100, vm.Brk(ulong.MaxValue - 5));
            // A mapping above: the break stops a page short of it.
            ulong above = HeapStart + 16 * Page;
            Assert.Equal((long)above, vm.Mmap(above, Page, ReadWrite, PrivateAnonymous | LinuxMemory.MapFixed));
            Assert.Equal((long)HeapStart + 100, vm.Brk(above));
            Assert.Equal((long)(above - Page), vm.Brk(above - Page));
            Assert.Equal(above - Page, vm.Records.Saved(P).Header.Break);
        }

        [Fact]
        public void A_new_program_has_its_own_break_and_none_of_the_old_regions()
        {
            Assert.Equal((long)(HeapStart + Page), vm.Brk(HeapStart + Page));
            long mapped = vm.Anonymous(Page);
            // execve: EXEC's record of the new program, in a new address space.
            vm.Records.StartProgram(P,
                new VmRegion { Start = 0x1000_0000, Length = Page, Protection = VmProtection.Executable, Flags = VmRegionFlags.File, Giver = Endpoint.None });
            Assert.Equal(0x1000_1000L, vm.Brk(0));
            Assert.Equal(mapped, vm.Mmap((ulong)mapped, Page, ReadWrite, PrivateAnonymous | LinuxMemory.MapFixedNoReplace));
            Assert.Equal((long)HeapStart, vm.Mmap(HeapStart, Page, ReadWrite, PrivateAnonymous | LinuxMemory.MapFixedNoReplace));
            Assert.Equal(0x1000_3000L, vm.Brk(0x1000_3000));
        }

        // ---- mmap ----

        [Fact]
        public void Mappings_go_top_down_below_the_stack_and_join_their_like()
        {
            long first = vm.Anonymous(2 * Page), second = vm.Anonymous(Page);
            Assert.Equal((long)(PosixMemory.MmapTop - 2 * Page), first);
            Assert.Equal(first - (long)Page, second);
            VmRegion joined = vm.SavedRegionAt((ulong)second).Value;
            Assert.Equal(((ulong)second, 3 * Page), (joined.Start, joined.Length));
            // Other rights: a region of its own.
            long readOnly = vm.Anonymous(Page, LinuxMemory.ProtRead);
            Assert.Equal(VmProtection.Read, vm.SavedRegionAt((ulong)readOnly).Value.Protection);
            Assert.Equal(second - (long)Page, readOnly);
            Assert.Empty(vm.Pages.Pages);                       // nothing is backed before its first touch
        }

        [Theory]
        [InlineData(LinuxMemory.ProtNone, VmProtection.NoAccess)]
        [InlineData(LinuxMemory.ProtRead, VmProtection.Read)]
        [InlineData(LinuxMemory.ProtWrite, VmProtection.Writable)]
        [InlineData(LinuxMemory.ProtRead | LinuxMemory.ProtExec, VmProtection.Executable)]
        [InlineData(LinuxMemory.ProtExec, VmProtection.Executable)]
        [InlineData(LinuxMemory.ProtRead | 0x10, VmProtection.Read)]    // unknown bits are ignored, as Linux's mmap does
        public void Protections_become_region_rights(long prot, VmProtection rights)
        {
            long mapped = vm.Anonymous(Page, prot);
            Assert.True(mapped > 0);
            Assert.Equal(rights, vm.SavedRegionAt((ulong)mapped).Value.Protection);
        }

        [Fact]
        public void Writable_and_executable_together_is_EACCES()
        {
            Assert.Equal(Error(LinuxErrno.EACCES), vm.Anonymous(Page, LinuxMemory.ProtRead | LinuxMemory.ProtWrite | LinuxMemory.ProtExec));
            long mapped = vm.Anonymous(Page);
            Assert.Equal(Error(LinuxErrno.EACCES), vm.Call(LinuxCalls.Mprotect, mapped, (long)Page, LinuxMemory.ProtWrite | LinuxMemory.ProtExec));
            Assert.Equal(VmProtection.Writable, vm.SavedRegionAt((ulong)mapped).Value.Protection);
        }

        [Fact]
        public void Shared_anonymous_memory_is_marked_and_its_pages_shared()
        {
            long shared = vm.Mmap(0, 2 * Page, ReadWrite, LinuxMemory.MapShared | LinuxMemory.MapAnonymous | LinuxMemory.MapPopulate);
            VmRegion region = vm.SavedRegionAt((ulong)shared).Value;
            Assert.Equal(VmRegionFlags.Shared, region.Flags);
            Assert.Equal(VmProtection.Writable | VmProtection.Shared, RegionTable.PageRights(in region));
            Assert.Equal(VmProtection.Writable | VmProtection.Shared, vm.Pages.RightsAt(P, (ulong)shared + Page));   // MAP_POPULATE backed them
            // A private neighbour does not join it.
            long next = vm.Anonymous(Page);
            Assert.Equal(shared - (long)Page, next);
            Assert.Equal(Page, vm.SavedRegionAt((ulong)next).Value.Length);
        }

        [Fact]
        public void Map_fixed_replaces_what_was_there_and_its_pages()
        {
            long area = vm.Anonymous(4 * Page);
            vm.Pages.Write(P, (ulong)area + Page, 9);
            Assert.Equal(area + (long)Page, vm.Mmap((ulong)area + Page, 2 * Page, LinuxMemory.ProtRead, PrivateAnonymous | LinuxMemory.MapFixed));
            Assert.False(vm.Pages.IsThere(P, (ulong)area + Page));
            Assert.Equal(VmProtection.Read, vm.SavedRegionAt((ulong)area + Page).Value.Protection);
            Assert.Equal(VmProtection.Writable, vm.SavedRegionAt((ulong)area).Value.Protection);
            Assert.Equal(VmProtection.Writable, vm.SavedRegionAt((ulong)area + 3 * Page).Value.Protection);
            Assert.Equal(Error(LinuxErrno.EINVAL), vm.Mmap((ulong)area + 1, Page, ReadWrite, PrivateAnonymous | LinuxMemory.MapFixed));
            Assert.Equal(Error(LinuxErrno.EPERM), vm.Mmap(0x1000, Page, ReadWrite, PrivateAnonymous | LinuxMemory.MapFixed));
            Assert.Equal(Error(LinuxErrno.ENOMEM), vm.Mmap(PosixMemory.UserEnd, Page, ReadWrite, PrivateAnonymous | LinuxMemory.MapFixed));
            // Over the program's own text too, as Linux allows.
            Assert.Equal((long)Text, vm.Mmap(Text, Page, ReadWrite, PrivateAnonymous | LinuxMemory.MapFixed));
            Assert.Equal(VmRegionFlags.None, vm.SavedRegionAt(Text).Value.Flags);
        }

        [Fact]
        public void Map_fixed_noreplace_refuses_any_overlap()
        {
            long area = vm.Anonymous(2 * Page);
            Assert.Equal(Error(LinuxErrno.EEXIST), vm.Mmap((ulong)area + Page, 2 * Page, ReadWrite, PrivateAnonymous | LinuxMemory.MapFixedNoReplace));
            Assert.Equal(Error(LinuxErrno.EEXIST), vm.Mmap(Data, Page, ReadWrite, PrivateAnonymous | LinuxMemory.MapFixedNoReplace));
            Assert.Equal(area + 2 * (long)Page, vm.Mmap((ulong)area + 2 * Page, Page, ReadWrite, PrivateAnonymous | LinuxMemory.MapFixedNoReplace | LinuxMemory.MapFixed));
        }

        [Fact]
        public void A_hint_is_taken_where_free_rounded_down_else_ignored()
        {
            Assert.Equal(0x5000_0000L, vm.Mmap(0x5000_0000, Page, ReadWrite, PrivateAnonymous));
            Assert.Equal(0x5000_1000L, vm.Mmap(0x5000_1fff, Page, ReadWrite, PrivateAnonymous));
            long elsewhere = vm.Mmap(0x5000_0000, Page, ReadWrite, PrivateAnonymous);
            Assert.Equal((long)(PosixMemory.MmapTop - Page), elsewhere);
            Assert.Equal((long)(PosixMemory.MmapTop - 2 * Page), vm.Mmap(0x100, Page, ReadWrite, PrivateAnonymous));   // below MinAddress
            long low = vm.Mmap(0, Page, ReadWrite, PrivateAnonymous | LinuxMemory.Map32Bit);
            Assert.Equal(0x8000_0000L - (long)Page, low);
        }

        [Theory]
        [InlineData(0UL, 0UL, PrivateAnonymous, -1L, 0UL, LinuxErrno.EINVAL)]                            // length 0
        [InlineData(0UL, 4096UL, PrivateAnonymous, -1L, 100UL, LinuxErrno.EINVAL)]                       // unaligned offset
        [InlineData(0UL, 4096UL, LinuxMemory.MapAnonymous, -1L, 0UL, LinuxErrno.EINVAL)]                 // neither private nor shared
        [InlineData(0UL, 4096UL, 0x0fL | LinuxMemory.MapAnonymous, -1L, 0UL, LinuxErrno.EINVAL)]
        [InlineData(0UL, 4096UL, LinuxMemory.MapSharedValidate | LinuxMemory.MapAnonymous | 0x800000L, -1L, 0UL, LinuxErrno.EOPNOTSUPP)]
        [InlineData(0UL, 4096UL, LinuxMemory.MapPrivate, -1L, 0UL, LinuxErrno.EBADF)]                    // no file
        [InlineData(0UL, 0UL, LinuxMemory.MapPrivate, -1L, 0UL, LinuxErrno.EBADF)]                       // the file first
        [InlineData(0UL, ulong.MaxValue - 4095, PrivateAnonymous, -1L, 0UL, LinuxErrno.ENOMEM)]
        [InlineData(0UL, 1UL << 47, PrivateAnonymous, -1L, 0UL, LinuxErrno.ENOMEM)]
        [InlineData(0UL, 4096UL, PrivateAnonymous | LinuxMemory.MapHugeTlb, -1L, 0UL, LinuxErrno.ENOMEM)]
        [InlineData(0UL, 8192UL, LinuxMemory.MapPrivate, 3L, ulong.MaxValue - 4095, LinuxErrno.EOVERFLOW)]
        public void Mmap_refuses_as_Linux(ulong address, ulong length, long flags, long descriptor, ulong offset, LinuxErrno error)
        {
            Assert.Equal(Error(error), vm.Mmap(address, length, ReadWrite, flags, descriptor, offset));
            Assert.Equal(3, vm.SavedCount);                     // the program's text, data and stack: nothing added
            Assert.Empty(vm.Reader.Sent);
        }

        [Fact]
        public void Past_the_regions_a_process_may_have_mmap_is_ENOMEM_and_changes_nothing()
        {
            // Alternate rights so that nothing joins.
            for (int i = vm.SavedCount; i < RegionTable.PerProcess; i++)
                Assert.True(vm.Anonymous(Page, i % 2 == 0 ? LinuxMemory.ProtRead : ReadWrite) > 0);
            Assert.Equal(Error(LinuxErrno.ENOMEM), vm.Anonymous(Page, RegionTable.PerProcess % 2 == 0 ? LinuxMemory.ProtRead : ReadWrite));
            Assert.Equal(RegionTable.PerProcess, vm.SavedCount);
            // A fixed mapping that would split a region: ENOMEM, and the region stays whole.
            long last = vm.Anonymous(3 * Page, RegionTable.PerProcess % 2 == 0 ? ReadWrite : LinuxMemory.ProtRead);
            Assert.True(last > 0, "joins its neighbour");
            Assert.Equal(Error(LinuxErrno.ENOMEM), vm.Mmap((ulong)last + Page, Page, LinuxMemory.ProtNone, PrivateAnonymous | LinuxMemory.MapFixed));
            Assert.True(vm.SavedRegionAt((ulong)last + Page).Value.Length >= 3 * Page);
        }

        // ---- munmap, mprotect, msync ----

        [Fact]
        public void Munmap_cuts_regions_and_takes_their_pages()
        {
            long area = vm.Anonymous(4 * Page);
            vm.Pages.Write(P, (ulong)area + Page, 1);
            Assert.Equal(0, vm.Call(LinuxCalls.Munmap, area + (long)Page, (long)Page));
            Assert.False(vm.Pages.IsThere(P, (ulong)area + Page));
            Assert.Null(vm.SavedRegionAt((ulong)area + Page));
            Assert.NotNull(vm.SavedRegionAt((ulong)area));
            Assert.Equal(0, vm.Call(LinuxCalls.Munmap, area, 4 * (long)Page));            // across the hole
            Assert.Null(vm.SavedRegionAt((ulong)area + 3 * Page));
            Assert.Equal(0, vm.Call(LinuxCalls.Munmap, area, 4 * (long)Page));            // over nothing
            Assert.Equal(Error(LinuxErrno.EINVAL), vm.Call(LinuxCalls.Munmap, area + 1, (long)Page));
            Assert.Equal(Error(LinuxErrno.EINVAL), vm.Call(LinuxCalls.Munmap, area, 0));
            Assert.Equal(Error(LinuxErrno.EINVAL), vm.Call(LinuxCalls.Munmap, (long)PosixMemory.UserEnd, (long)Page));
        }

        [Fact]
        public void Mprotect_changes_the_regions_and_the_pages_there()
        {
            long area = vm.Anonymous(3 * Page);
            vm.Pages.Write(P, (ulong)area + Page, 1);
            Assert.Equal(0, vm.Call(LinuxCalls.Mprotect, area + (long)Page, (long)Page, LinuxMemory.ProtRead));
            Assert.Equal(VmProtection.Read, vm.SavedRegionAt((ulong)area + Page).Value.Protection);
            Assert.Equal(VmProtection.Writable, vm.SavedRegionAt((ulong)area).Value.Protection);
            Assert.Equal(VmProtection.Read, vm.Pages.RightsAt(P, (ulong)area + Page));
            Assert.Contains($"protect {area + (long)Page:x} {Page:x} Read", vm.Pages.Calls);
            // Back as it was: the pieces join again.
            Assert.Equal(0, vm.Call(LinuxCalls.Mprotect, area, 3 * (long)Page, ReadWrite));
            Assert.Equal(3 * Page, vm.SavedRegionAt((ulong)area).Value.Length);
        }

        [Fact]
        public void Mprotect_on_the_programs_data_is_RELRO()
        {
            Assert.Equal(0, vm.Call(LinuxCalls.Mprotect, (long)Data, (long)Page, LinuxMemory.ProtRead));
            VmRegion relro = vm.SavedRegionAt(Data).Value;
            Assert.Equal((VmProtection.Read, VmRegionFlags.File, Page), (relro.Protection, relro.Flags, relro.Length));
            Assert.Equal(VmProtection.Writable, vm.SavedRegionAt(Data + Page).Value.Protection);
        }

        [Theory]
        [InlineData(1L, 4096L, LinuxMemory.ProtRead, LinuxErrno.EINVAL)]                  // unaligned
        [InlineData(0L, 4096L, 0x10L, LinuxErrno.EINVAL)]                                 // unknown rights
        [InlineData(0L, 4096L, LinuxMemory.ProtRead | LinuxMemory.ProtGrowsDown, LinuxErrno.EINVAL)]
        [InlineData(0L, 4L * 4096, LinuxMemory.ProtRead, LinuxErrno.ENOMEM)]              // past the mapping
        [InlineData(0L, -4096L, LinuxMemory.ProtRead, LinuxErrno.ENOMEM)]
        public void Mprotect_refuses_as_Linux(long offset, long length, long prot, LinuxErrno error)
        {
            long area = vm.Anonymous(2 * Page);
            Assert.Equal(Error(error), vm.Call(LinuxCalls.Mprotect, area + offset, length, prot));
            Assert.Equal(VmProtection.Writable, vm.SavedRegionAt((ulong)area).Value.Protection);
            Assert.Equal(0, vm.Call(LinuxCalls.Mprotect, area + 1 - 1, 0, 0x10));           // length 0: nothing, not even a check
        }

        [Fact]
        public void Msync_checks_its_arguments_and_its_range()
        {
            long area = vm.Anonymous(2 * Page);
            Assert.Equal(0, vm.Call(LinuxCalls.Msync, area, 2 * (long)Page, LinuxMemory.MsSync));
            Assert.Equal(0, vm.Call(LinuxCalls.Msync, area, 0, LinuxMemory.MsSync));
            Assert.Equal(Error(LinuxErrno.EINVAL), vm.Call(LinuxCalls.Msync, area, (long)Page, LinuxMemory.MsSync | LinuxMemory.MsAsync));
            Assert.Equal(Error(LinuxErrno.EINVAL), vm.Call(LinuxCalls.Msync, area + 1, (long)Page, LinuxMemory.MsSync));
            Assert.Equal(Error(LinuxErrno.ENOMEM), vm.Call(LinuxCalls.Msync, area, 3 * (long)Page, LinuxMemory.MsSync));
        }

        // ---- madvise ----

        [Fact]
        public void Dontneed_takes_only_private_anonymous_pages()
        {
            long shared = vm.Mmap(0, Page, ReadWrite, LinuxMemory.MapShared | LinuxMemory.MapAnonymous);
            long privately = vm.Anonymous(Page);
            Assert.Equal(shared - (long)Page, privately);
            vm.Pages.Write(P, (ulong)shared, 1);
            vm.Pages.Write(P, (ulong)privately, 1);
            vm.Pages.Write(P, Data, 1);
            Assert.Equal(0, vm.Call(LinuxCalls.Madvise, privately, 2 * (long)Page, LinuxMemory.MadvDontNeed));
            Assert.False(vm.Pages.IsThere(P, (ulong)privately));
            Assert.True(vm.Pages.IsThere(P, (ulong)shared));
            Assert.Equal(0, vm.Call(LinuxCalls.Madvise, (long)Data, (long)Page, LinuxMemory.MadvDontNeed));
            Assert.True(vm.Pages.IsThere(P, Data));              // a program's data: kept (Linux would read the file again)
            Assert.Equal(Error(LinuxErrno.EINVAL), vm.Call(LinuxCalls.Madvise, privately, 2 * (long)Page, LinuxMemory.MadvFree));
            Assert.Equal(0, vm.Call(LinuxCalls.Madvise, privately, (long)Page, LinuxMemory.MadvFree));
        }

        [Fact]
        public void Fork_advice_marks_the_regions()
        {
            long area = vm.Anonymous(3 * Page);
            Assert.Equal(0, vm.Call(LinuxCalls.Madvise, area + (long)Page, (long)Page, LinuxMemory.MadvDontFork));
            Assert.Equal(VmRegionFlags.DontFork, vm.SavedRegionAt((ulong)area + Page).Value.Flags);
            Assert.Equal(VmRegionFlags.None, vm.SavedRegionAt((ulong)area).Value.Flags);
            Assert.Equal(0, vm.Call(LinuxCalls.Madvise, area, 3 * (long)Page, LinuxMemory.MadvWipeOnFork));
            Assert.Equal(VmRegionFlags.DontFork | VmRegionFlags.WipeOnFork, vm.SavedRegionAt((ulong)area + Page).Value.Flags);
            Assert.Equal(0, vm.Call(LinuxCalls.Madvise, area, 3 * (long)Page, LinuxMemory.MadvDoFork));
            Assert.Equal(0, vm.Call(LinuxCalls.Madvise, area, 3 * (long)Page, LinuxMemory.MadvKeepOnFork));
            Assert.Equal(3 * Page, vm.SavedRegionAt((ulong)area).Value.Length);
            long shared = vm.Mmap(0, Page, ReadWrite, LinuxMemory.MapShared | LinuxMemory.MapAnonymous);
            Assert.Equal(Error(LinuxErrno.EINVAL), vm.Call(LinuxCalls.Madvise, shared, (long)Page, LinuxMemory.MadvWipeOnFork));
        }

        [Theory]
        [InlineData(1L, 4096L, LinuxMemory.MadvNormal, LinuxErrno.EINVAL)]
        [InlineData(0L, 4096L, 5L, LinuxErrno.EINVAL)]
        [InlineData(0L, 0L, 5L, LinuxErrno.EINVAL)]                                  // the advice before the length
        [InlineData(0L, 4096L, LinuxMemory.MadvRemove, LinuxErrno.EINVAL)]
        [InlineData(0L, 4096L, 100L, LinuxErrno.EINVAL)]                             // MADV_HWPOISON
        [InlineData(0L, 3L * 4096, LinuxMemory.MadvNormal, LinuxErrno.ENOMEM)]
        [InlineData(0L, -4096L, LinuxMemory.MadvNormal, LinuxErrno.EINVAL)]
        public void Madvise_refuses_as_Linux(long offset, long length, long advice, LinuxErrno error)
        {
            long area = vm.Anonymous(2 * Page);
            Assert.Equal(Error(error), vm.Call(LinuxCalls.Madvise, area + offset, length, advice));
        }

        // ---- mremap ----

        [Fact]
        public void Mremap_grows_in_place_when_it_can_and_shrinks_in_place()
        {
            long area = vm.Anonymous(4 * Page);
            Assert.Equal(0, vm.Call(LinuxCalls.Munmap, area + 2 * (long)Page, 2 * (long)Page));
            Assert.Equal(area, vm.Call(LinuxCalls.Mremap, area, 2 * (long)Page, 4 * (long)Page, 0));
            Assert.Equal(4 * Page, vm.SavedRegionAt((ulong)area).Value.Length);
            vm.Pages.Write(P, (ulong)area + 3 * Page, 1);
            Assert.Equal(area, vm.Call(LinuxCalls.Mremap, area, 4 * (long)Page, (long)Page, 0));
            Assert.False(vm.Pages.IsThere(P, (ulong)area + 3 * Page));
            Assert.Equal(Page, vm.SavedRegionAt((ulong)area).Value.Length);
        }

        [Fact]
        public void Mremap_moves_the_pages_when_it_may()
        {
            long blocker = vm.Anonymous(Page, LinuxMemory.ProtRead);
            long area = vm.Anonymous(2 * Page);
            Assert.Equal(blocker - 2 * (long)Page, area);
            vm.Pages.Write(P, (ulong)area, 42);
            Assert.Equal(Error(LinuxErrno.ENOMEM), vm.Call(LinuxCalls.Mremap, area, 2 * (long)Page, 3 * (long)Page, 0));
            long moved = vm.Call(LinuxCalls.Mremap, area, 2 * (long)Page, 3 * (long)Page, LinuxMemory.MremapMayMove);
            Assert.True(moved > 0 && moved != area);
            Assert.Equal(42, vm.Pages.Read(P, (ulong)moved));
            Assert.False(vm.Pages.IsThere(P, (ulong)area));
            Assert.Null(vm.SavedRegionAt((ulong)area));
            VmRegion region = vm.SavedRegionAt((ulong)moved).Value;
            Assert.Equal(((ulong)moved, 3 * Page, VmProtection.Writable), (region.Start, region.Length, region.Protection));
        }

        [Fact]
        public void Mremap_fixed_replaces_the_target_and_dontunmap_leaves_the_old_range_empty()
        {
            long area = vm.Anonymous(8 * Page);
            vm.Pages.Write(P, (ulong)area, 1);
            vm.Pages.Write(P, (ulong)area + 5 * Page, 2);
            Assert.Equal(area + 4 * (long)Page, vm.Call(LinuxCalls.Mremap, area, (long)Page, 2 * (long)Page, LinuxMemory.MremapMayMove | LinuxMemory.MremapFixed, area + 4 * (long)Page));
            Assert.Equal(1, vm.Pages.Read(P, (ulong)area + 4 * Page));
            Assert.False(vm.Pages.IsThere(P, (ulong)area + 5 * Page));     // what was there went
            Assert.Null(vm.SavedRegionAt((ulong)area));
            long kept = vm.Call(LinuxCalls.Mremap, area + 4 * (long)Page, (long)Page, (long)Page, LinuxMemory.MremapMayMove | LinuxMemory.MremapDontUnmap);
            Assert.True(kept > 0);
            Assert.Equal(1, vm.Pages.Read(P, (ulong)kept));
            Assert.False(vm.Pages.IsThere(P, (ulong)area + 4 * Page));
            Assert.NotNull(vm.SavedRegionAt((ulong)area + 4 * Page));
        }

        [Theory]
        [InlineData(1L, 4096L, 8192L, 0L, 0L, LinuxErrno.EINVAL)]
        [InlineData(0L, 4096L, 0L, 0L, 0L, LinuxErrno.EINVAL)]
        [InlineData(0L, 4096L, 8192L, 8L, 0L, LinuxErrno.EINVAL)]
        [InlineData(0L, 4096L, 8192L, LinuxMemory.MremapFixed, 0x5000_0000L, LinuxErrno.EINVAL)]
        [InlineData(0L, 0L, 4096L, LinuxMemory.MremapMayMove, 0L, LinuxErrno.EINVAL)]
        [InlineData(0L, 4096L, 8192L, LinuxMemory.MremapMayMove | LinuxMemory.MremapDontUnmap, 0L, LinuxErrno.EINVAL)]
        [InlineData(0L, 4L * 4096, 5L * 4096, LinuxMemory.MremapMayMove, 0L, LinuxErrno.EFAULT)]
        [InlineData(-4096L, 4096L, 8192L, LinuxMemory.MremapMayMove, 0L, LinuxErrno.EFAULT)]
        [InlineData(0L, 4096L, 4096L, LinuxMemory.MremapMayMove | LinuxMemory.MremapFixed, 1L, LinuxErrno.EINVAL)]
        public void Mremap_refuses_as_Linux(long offset, long oldLength, long newLength, long flags, long target, LinuxErrno error)
        {
            long area = vm.Anonymous(2 * Page);
            long to = target == 1 ? area + 1 : target;
            Assert.Equal(Error(error), vm.Call(LinuxCalls.Mremap, area + offset, oldLength, newLength, flags, to));
            Assert.Equal(2 * Page, vm.SavedRegionAt((ulong)area).Value.Length);
        }

        // ---- mincore ----

        [Fact]
        public void Mincore_says_which_pages_are_there_into_memory_it_backs()
        {
            long area = vm.Anonymous(3 * Page);
            long vector = vm.Anonymous(Page);
            vm.Pages.Write(P, (ulong)area + Page, 1);
            Assert.Equal(0, vm.Call(LinuxCalls.Mincore, area, 3 * (long)Page, vector));
            Assert.Equal((0, 1, 0), (vm.Pages.Read(P, (ulong)vector), vm.Pages.Read(P, (ulong)vector + 1), vm.Pages.Read(P, (ulong)vector + 2)));
            Assert.Equal(Error(LinuxErrno.EFAULT), vm.Call(LinuxCalls.Mincore, area, (long)Page, 8));
            Assert.Equal(Error(LinuxErrno.EFAULT), vm.Call(LinuxCalls.Mincore, area, (long)Page, (long)Text));   // not writable
            Assert.Equal(Error(LinuxErrno.EINVAL), vm.Call(LinuxCalls.Mincore, area + 1, (long)Page, vector));
            Assert.Equal(Error(LinuxErrno.ENOMEM), vm.Call(LinuxCalls.Mincore, area, 5 * (long)Page, vector));
        }

        [Fact]
        public void Calls_VM_does_not_serve_are_ENOSYS()
        {
            Assert.Equal(Error(LinuxErrno.ENOSYS), vm.Call(LinuxCalls.Getpid));
        }
    }
}
