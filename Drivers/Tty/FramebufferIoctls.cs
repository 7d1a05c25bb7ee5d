using System;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Drivers.Tty
{
    // /dev/fb0's ioctls (Linux's fbdev, Abi/Linux/LinuxFramebuffer.cs) over the mode the firmware
    // set, which is the only one: FBIOGET_VSCREENINFO and FBIOGET_FSCREENINFO describe it,
    // FBIOPUT_VSCREENINFO accepts it (copied back as set) and refuses any other with EINVAL,
    // FBIOPAN_DISPLAY pans only to 0,0, FBIOBLANK accepts Linux's levels (nothing to switch off),
    // anything else is ENOTTY. `argument` holds the request's bytes (LinuxFramebuffer.ArgumentBytes).
    internal static class FramebufferIoctls
    {
        private static ReadOnlySpan<byte> Id => "lunixfb"u8;

        public static long Serve(in FramebufferInfo screen, uint command, Span<byte> argument, ulong value)
        {
            switch (command)
            {
                case LinuxFramebuffer.FBIOGET_VSCREENINFO:
                    MemoryMarshal.Write(argument, Mode(in screen));
                    return 0;
                case LinuxFramebuffer.FBIOGET_FSCREENINFO:
                    MemoryMarshal.Write(argument, Fixed(in screen));
                    return 0;
                case LinuxFramebuffer.FBIOPUT_VSCREENINFO:
                {
                    FbVarScreenInfo asked = MemoryMarshal.Read<FbVarScreenInfo>(argument);
                    FbVarScreenInfo mode = Mode(in screen);
                    if (asked.XRes != mode.XRes || asked.YRes != mode.YRes || asked.BitsPerPixel != mode.BitsPerPixel
                        || asked.XResVirtual > mode.XResVirtual || asked.YResVirtual > mode.YResVirtual || asked.XOffset != 0 || asked.YOffset != 0)
                        return -(long)LinuxErrno.EINVAL;
                    mode.Activate = asked.Activate;
                    MemoryMarshal.Write(argument, mode);        // what is set, as Linux answers
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
        // (multiboot2 does not say where the unused bits are), size and timings unknown.
        public static FbVarScreenInfo Mode(in FramebufferInfo screen) => new FbVarScreenInfo
        {
            XRes = screen.Width, YRes = screen.Height, XResVirtual = screen.Width, YResVirtual = screen.Height,
            BitsPerPixel = screen.BitsPerPixel,
            Red = new FbBitfield { Offset = screen.RedPosition, Length = screen.RedSize },
            Green = new FbBitfield { Offset = screen.GreenPosition, Length = screen.GreenSize },
            Blue = new FbBitfield { Offset = screen.BluePosition, Length = screen.BlueSize },
            Height = uint.MaxValue, Width = uint.MaxValue,
        };

        public static unsafe FbFixScreenInfo Fixed(in FramebufferInfo screen)
        {
            FbFixScreenInfo fix = default;
            for (int i = 0; i < Id.Length; i++) fix.Id[i] = Id[i];
            fix.SmemStart = screen.Physical;
            fix.SmemLength = (uint)screen.Bytes;
            fix.Type = LinuxFramebuffer.FB_TYPE_PACKED_PIXELS;
            fix.Visual = LinuxFramebuffer.FB_VISUAL_TRUECOLOR;
            fix.LineLength = screen.Pitch;
            return fix;
        }
    }
}
