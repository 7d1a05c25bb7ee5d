using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Servers.Vm;
using Xunit;
using static Lunix.Tests.Hosted.PosixVm;

namespace Lunix.Tests.Hosted
{
    // mmap(MAP_SHARED) of a descriptor (Servers/Vm/PosixMemory.Mmap.cs, FileMappings): VM asks
    // VFS for the device memory behind it (MapDevice) and maps what VFS answers on the driver's
    // authority (VMMAPPHYSICAL); VFS's refusal, or the kernel's, takes the region away again and
    // is the program's answer. /dev/fb0 end to end: tests/Posix/fb_draw.c and FramebufferTests.
    public class DeviceMappingTests
    {
        private const long ReadWrite = LinuxMemory.ProtRead | LinuxMemory.ProtWrite;
        private const int Driver = 77;
        private const ulong Pixels = 0xC000_0000;
        private readonly PosixVm vm = new();

        private long MapShared(ulong length, long prot = ReadWrite, ulong offset = 0) =>
            vm.Mmap(0, length, prot, LinuxMemory.MapShared, 3, offset);

        [Fact]
        public void A_shared_mapping_asks_VFS_for_the_device_memory_and_waits()
        {
            Assert.Equal(PosixMemory.Deferred, MapShared(3 * Page - 100, ReadWrite, 2 * Page));
            VfsMapDevice asked = Assert.Single(vm.Reader.SentDevices);
            Assert.Equal(P, asked.Process);
            Assert.Equal(3, asked.Descriptor);
            Assert.Equal(2 * Page, asked.Offset);
            Assert.Equal(3 * Page, asked.Length);
            Assert.Equal(1, asked.Writable);
            Assert.Empty(vm.Reader.Sent);                       // no MapRead, no copy
            Assert.Equal(4, vm.SavedCount);
            Assert.DoesNotContain(vm.Pages.Calls, call => call.StartsWith("back"));
        }

        [Fact]
        public void VFS_answer_maps_the_physical_range_for_the_driver_and_answers_the_address()
        {
            MapShared(2 * Page);
            vm.Files.Answer(BootEndpoints.Vfs, FileReaderModel.Device(Pixels + 0x1000, Driver));
            (int process, long address) = Assert.Single(vm.Replies.Sent);
            Assert.Equal(P, process);
            Assert.True(address > 0);
            Assert.Contains($"device {address:x} 2000 {Pixels + 0x1000:x} {Driver} writable", vm.Pages.Calls);
            VmRegion region = vm.SavedRegionAt((ulong)address).Value;
            Assert.Equal(VmRegionFlags.Device | VmRegionFlags.Shared | VmRegionFlags.File, region.Flags);
            Assert.False(vm.Files.Busy);
        }

        [Fact]
        public void A_read_only_mapping_gets_read_only_pages()
        {
            MapShared(Page, LinuxMemory.ProtRead);
            Assert.Equal(0, vm.Reader.SentDevices[0].Writable);
            vm.Files.Answer(BootEndpoints.Vfs, FileReaderModel.Device(Pixels, Driver));
            Assert.Contains(vm.Pages.Calls, call => call.StartsWith("device") && call.EndsWith("read-only"));
        }

        [Theory]
        [InlineData(LinuxErrno.ENODEV)]         // a regular file: shared file mappings are not done
        [InlineData(LinuxErrno.EINVAL)]         // past the framebuffer's memory
        [InlineData(LinuxErrno.EACCES)]         // not open for writing
        public void VFS_refusal_is_the_answer_and_takes_the_region_away(LinuxErrno error)
        {
            MapShared(Page);
            vm.Files.Answer(BootEndpoints.Vfs, FileReaderModel.RefuseDevice(error));
            Assert.Equal((P, Error(error)), Assert.Single(vm.Replies.Sent));
            Assert.Equal(3, vm.SavedCount);
            Assert.DoesNotContain(vm.Pages.Calls, call => call.StartsWith("device"));
        }

        [Fact]
        public void The_kernel_refusing_the_driver_range_is_EACCES()
        {
            vm.Pages.DeviceRefusal = -(int)Errno.EPERM;
            MapShared(Page);
            vm.Files.Answer(BootEndpoints.Vfs, FileReaderModel.Device(Pixels, Driver));
            Assert.Equal((P, Error(LinuxErrno.EACCES)), Assert.Single(vm.Replies.Sent));
            Assert.Equal(3, vm.SavedCount);
        }

        [Fact]
        public void An_answer_from_anyone_but_VFS_or_for_no_request_is_ignored()
        {
            vm.Files.Answer(BootEndpoints.Vfs, FileReaderModel.Device(Pixels, Driver));     // nothing asked
            MapShared(Page);
            vm.Files.Answer(BootEndpoints.Pm, FileReaderModel.Device(Pixels, Driver));
            Assert.Empty(vm.Replies.Sent);
            Assert.True(vm.Files.Busy);
        }

        private ulong Mapped(long prot)
        {
            MapShared(2 * Page, prot);
            vm.Files.Answer(BootEndpoints.Vfs, FileReaderModel.Device(Pixels, Driver));
            return (ulong)vm.Replies.Sent[^1].Result;
        }

        [Fact]
        public void A_read_only_device_mapping_does_not_become_writable()
        {
            ulong address = Mapped(LinuxMemory.ProtRead);
            Assert.Equal(Error(LinuxErrno.EACCES), vm.Call(LinuxCalls.Mprotect, (long)address, (long)Page, ReadWrite));
            Assert.Equal(0, vm.Call(LinuxCalls.Mprotect, (long)address, (long)Page, LinuxMemory.ProtNone));
            ulong writable = Mapped(ReadWrite);
            Assert.Equal(0, vm.Call(LinuxCalls.Mprotect, (long)writable, (long)Page, ReadWrite));
        }

        [Fact]
        public void A_device_mapping_does_not_grow_but_shrinks()
        {
            ulong address = Mapped(ReadWrite);
            Assert.Equal(Error(LinuxErrno.EFAULT), vm.Call(LinuxCalls.Mremap, (long)address, (long)(2 * Page), (long)(4 * Page), LinuxMemory.MremapMayMove));
            Assert.Equal((long)address, vm.Call(LinuxCalls.Mremap, (long)address, (long)(2 * Page), (long)Page, 0));
        }

        [Fact]
        public void A_private_file_mapping_queued_behind_waits_for_the_device_answer()
        {
            MapShared(Page);
            Assert.Equal(PosixMemory.Deferred, vm.Mmap(0, Page, LinuxMemory.ProtRead, LinuxMemory.MapPrivate, 4, 0));
            Assert.Empty(vm.Reader.Sent);                       // one request out at a time
            vm.Files.Answer(BootEndpoints.Vfs, FileReaderModel.Device(Pixels, Driver));
            Assert.Single(vm.Reader.Sent);
            Assert.Equal(4, vm.Reader.Sent[0].Descriptor);
        }
    }
}
