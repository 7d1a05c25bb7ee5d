using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Tty
{
    // /dev/fb0 (TerminalMinors.Framebuffer): the framebuffer the consoles are drawn on, as
    // Linux's fbdev shows it to programs. read and write address the pixel memory (all of it, the
    // virtual screen and beyond: fbdev's smem_len) at the file's position, as Linux's fb_read and
    // fb_write answer (a read at or past the end gets 0 bytes; a write past the end EFBIG, one
    // that reaches it is cut there, and at the end it is ENOSPC); the ioctls are
    // FramebufferIoctls', carried out on the adapter (BochsDisplay) where it can be programmed.
    // mmap is VFS's and the kernel's (Servers/Vfs/Framebuffers.cs): it never reaches the driver.
    internal sealed unsafe class FramebufferDevice
    {
        private readonly byte* _pixels;         // the driver's write-combining mapping of all the pixel memory
        private readonly BochsDisplay _adapter; // null: the firmware's mode is the only one
        private FramebufferScreen _screen;

        public FramebufferDevice(byte* pixels, in FramebufferScreen screen, BochsDisplay adapter)
        {
            _pixels = pixels;
            _screen = screen;
            _adapter = adapter;
        }

        public ref readonly FramebufferScreen Screen => ref _screen;

        // The first byte of the visible part, where the consoles draw.
        public byte* Visible => _pixels + _screen.Mode.Origin;

        private ulong Size => _screen.MemoryBytes;

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

        // An ioctl, with what it asks of the adapter done; `moved` says the mode or the visible
        // part changed (the consoles must be drawn anew). A failed change leaves the mode the
        // adapter reports.
        public long Ioctl(uint command, Span<byte> argument, ulong value, out bool moved)
        {
            moved = false;
            long result = FramebufferIoctls.Serve(in _screen, command, argument, value, out FramebufferAction action, out FramebufferMode wanted);
            if (result != 0 || action == FramebufferAction.None || _adapter == null) return result;
            FramebufferMode now = wanted;
            long done = action == FramebufferAction.SetMode ? _adapter.SetMode(in wanted, out now) : _adapter.Pan(wanted.XOffset, wanted.YOffset);
            if (done != 0 && _adapter.ReadMode(out now) != 0) return done;
            moved = !now.Same(in _screen.Mode);
            _screen.Mode = now;
            if (done == 0 && action == FramebufferAction.SetMode) FramebufferIoctls.AnswerMode(in _screen, in now, argument);
            return done;
        }
    }
}
