using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Tty
{
    // /dev/fb0 (TerminalMinors.Framebuffer): the boot framebuffer the consoles are drawn on, as
    // Linux's fbdev shows it to programs. read and write address the pixel memory at the file's
    // position, as Linux's fb_read and fb_write answer (a read at or past the end gets 0 bytes;
    // a write past the end EFBIG, one that reaches it is cut there, and at the end it is ENOSPC);
    // the ioctls are FramebufferIoctls'. mmap is VFS's and the kernel's
    // (Servers/Vfs/Framebuffers.cs): it never reaches the driver.
    internal sealed unsafe class FramebufferDevice
    {
        private readonly byte* _pixels;         // the driver's write-combining mapping
        private readonly FramebufferInfo _screen;

        public FramebufferDevice(byte* pixels, in FramebufferInfo screen)
        {
            _pixels = pixels;
            _screen = screen;
        }

        private ulong Size => _screen.Bytes;

        public long Read(ulong position, GrantedSlice<Writable> buffer)
        {
            if (position >= Size) return 0;
            int count = (int)Math.Min(buffer.Length, Size - position);
            return buffer.CopyFrom(new ReadOnlySpan<byte>(_pixels + position, count)) == 0 ? count : -(long)LinuxErrno.EFAULT;
        }

        public long Write(ulong position, GrantedSlice<Readable> data)
        {
            if (position > Size) return -(long)LinuxErrno.EFBIG;
            ulong count = Math.Min(data.Length, Size - position);
            long shortfall = data.Length > Size ? -(long)LinuxErrno.EFBIG : -(long)LinuxErrno.ENOSPC;
            if (count == 0) return shortfall;
            var part = new GrantedSlice<Readable>(data.Owner, data.Grant, data.Offset, count);
            return part.CopyTo(new Span<byte>(_pixels + position, (int)count)) == 0 ? (long)count : -(long)LinuxErrno.EFAULT;
        }

        public long Ioctl(uint command, Span<byte> argument, ulong value) => FramebufferIoctls.Serve(in _screen, command, argument, value);
    }
}
