using System;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Tty
{
    // /dev/fb0 (TerminalMinors.Framebuffer): the boot framebuffer the consoles are drawn on, as
    // Linux's fbdev shows it to programs. read and write address the pixel memory at the file's
    // position, as Linux's fb_read and fb_write answer (a read at or past the end gets 0 bytes;
    // a write past the end EFBIG, one that reaches it is cut there, and at the end it is ENOSPC);
    // the ioctls describe the mode the firmware set, which is the only one (FBIOPUT_VSCREENINFO
    // accepts it and refuses any other with EINVAL; panning only to 0,0). mmap is VFS's and the
    // kernel's (Servers/Vfs/Framebuffers.cs): it never reaches the driver.
    internal sealed unsafe class FramebufferDevice
    {
        private static ReadOnlySpan<byte> Id => "lunixfb"u8;
        private readonly byte* _pixels;         // the driver's write-combining mapping
        private readonly FramebufferInfo _info;

        public FramebufferDevice(byte* pixels, in FramebufferInfo info)
        {
            _pixels = pixels;
            _info = info;
        }

        private ulong Size => _info.Bytes;

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

        // An fbdev ioctl on its argument's bytes (LinuxFramebuffer.ArgumentBytes), or on `value`.
        public long Ioctl(uint command, Span<byte> argument, ulong value)
        {
            switch (command)
            {
                case LinuxFramebuffer.FBIOGET_VSCREENINFO:
                    MemoryMarshal.Write(argument, Mode());
                    return 0;
                case LinuxFramebuffer.FBIOGET_FSCREENINFO:
                    FbFixScreenInfo fix = Fixed();
                    MemoryMarshal.Write(argument, in fix);
                    return 0;
                case LinuxFramebuffer.FBIOPUT_VSCREENINFO:
                {
                    FbVarScreenInfo asked = MemoryMarshal.Read<FbVarScreenInfo>(argument);
                    FbVarScreenInfo mode = Mode();
                    if (asked.XRes != mode.XRes || asked.YRes != mode.YRes || asked.BitsPerPixel != mode.BitsPerPixel
                        || asked.XResVirtual > mode.XResVirtual || asked.YResVirtual > mode.YResVirtual || asked.XOffset != 0 || asked.YOffset != 0)
                        return -(long)LinuxErrno.EINVAL;
                    mode.Activate = asked.Activate;
                    MemoryMarshal.Write(argument, in mode);     // what is set, as Linux answers
                    return 0;
                }
                case LinuxFramebuffer.FBIOPAN_DISPLAY:
                {
                    FbVarScreenInfo asked = MemoryMarshal.Read<FbVarScreenInfo>(argument);
                    return asked.XOffset == 0 && asked.YOffset == 0 ? 0 : -(long)LinuxErrno.EINVAL;
                }
                case LinuxFramebuffer.FBIOBLANK:
                    return value <= LinuxFramebuffer.FB_BLANK_POWERDOWN ? 0 : -(long)LinuxErrno.EINVAL;
                default:
                    return -(long)LinuxErrno.ENOTTY;
            }
        }

        // The mode as the firmware set it: no virtual screen beyond the visible one, no alpha
        // (multiboot2 does not say where the unused bits are), timings unknown.
        private FbVarScreenInfo Mode() => new FbVarScreenInfo
        {
            XRes = _info.Width, YRes = _info.Height, XResVirtual = _info.Width, YResVirtual = _info.Height,
            BitsPerPixel = _info.BitsPerPixel,
            Red = new FbBitfield { Offset = _info.RedPosition, Length = _info.RedSize },
            Green = new FbBitfield { Offset = _info.GreenPosition, Length = _info.GreenSize },
            Blue = new FbBitfield { Offset = _info.BluePosition, Length = _info.BlueSize },
            Height = uint.MaxValue, Width = uint.MaxValue,
        };

        private FbFixScreenInfo Fixed()
        {
            FbFixScreenInfo fix = default;
            for (int i = 0; i < Id.Length; i++) fix.Id[i] = Id[i];
            fix.SmemStart = _info.Physical;
            fix.SmemLength = (uint)Size;
            fix.Type = LinuxFramebuffer.FB_TYPE_PACKED_PIXELS;
            fix.Visual = LinuxFramebuffer.FB_VISUAL_TRUECOLOR;
            fix.LineLength = _info.Pitch;
            return fix;
        }
    }
}
