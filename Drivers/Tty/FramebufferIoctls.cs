using System;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Drivers.Tty
{
    // What an ioctl asks of the display adapter, which the driver carries out before answering.
    internal enum FramebufferAction
    {
        None,
        SetMode,        // FBIOPUT_VSCREENINFO of another mode: then FramebufferIoctls.AnswerMode
        Pan,            // FBIOPAN_DISPLAY to other offsets
    }

    // /dev/fb0's ioctls (Linux's fbdev, Abi/Linux/LinuxFramebuffer.cs) over a FramebufferScreen:
    // FBIOGET_VSCREENINFO and FBIOGET_FSCREENINFO describe it; FBIOPUT_VSCREENINFO checks the
    // mode asked (FramebufferModes.Fit) and answers the mode it comes to, set through the
    // adapter unless FB_ACTIVATE_TEST asks only (on an adapter the driver cannot program, the
    // firmware's mode is the only one); FBIOPAN_DISPLAY moves the visible part within the
    // virtual screen; FBIOBLANK accepts Linux's levels (nothing to switch off); anything else is
    // ENOTTY. `argument` holds the request's bytes (LinuxFramebuffer.ArgumentBytes). Pure: what
    // the adapter must do comes back as `action` and `wanted`.
    internal static class FramebufferIoctls
    {
        private static ReadOnlySpan<byte> Id => "lunixfb"u8;

        public static long Serve(in FramebufferScreen screen, uint command, Span<byte> argument, ulong value,
                                 out FramebufferAction action, out FramebufferMode wanted)
        {
            action = FramebufferAction.None;
            wanted = screen.Mode;
            switch (command)
            {
                case LinuxFramebuffer.FBIOGET_VSCREENINFO:
                    MemoryMarshal.Write(argument, Variable(in screen, in screen.Mode));
                    return 0;
                case LinuxFramebuffer.FBIOGET_FSCREENINFO:
                    MemoryMarshal.Write(argument, Fixed(in screen));
                    return 0;
                case LinuxFramebuffer.FBIOPUT_VSCREENINFO:
                {
                    FbVarScreenInfo asked = MemoryMarshal.Read<FbVarScreenInfo>(argument);
                    int fit = FramebufferModes.Fit(in asked, in screen.Mode, in screen.Limits, out wanted);
                    if (fit != 0) return fit;
                    if ((asked.Activate & LinuxFramebuffer.FB_ACTIVATE_MASK) != LinuxFramebuffer.FB_ACTIVATE_TEST && !wanted.Same(in screen.Mode))
                    {
                        action = FramebufferAction.SetMode;
                        return 0;
                    }
                    AnswerMode(in screen, in wanted, argument);
                    return 0;
                }
                case LinuxFramebuffer.FBIOPAN_DISPLAY:
                {
                    FbVarScreenInfo asked = MemoryMarshal.Read<FbVarScreenInfo>(argument);
                    int panned = FramebufferModes.Pan(in asked, in screen.Mode, out wanted);
                    if (panned == 0 && !wanted.Same(in screen.Mode)) action = FramebufferAction.Pan;
                    return panned;
                }
                case LinuxFramebuffer.FBIOBLANK:
                    return value <= LinuxFramebuffer.FB_BLANK_POWERDOWN ? 0 : -(long)LinuxErrno.EINVAL;
                default:
                    return -(long)LinuxErrno.ENOTTY;
            }
        }

        // FBIOPUT_VSCREENINFO's answer: `mode` as set (or as it would be, for FB_ACTIVATE_TEST),
        // over the request in `argument`, whose Activate is kept, as Linux answers.
        public static void AnswerMode(in FramebufferScreen screen, in FramebufferMode mode, Span<byte> argument)
        {
            FbVarScreenInfo answer = Variable(in screen, in mode);
            answer.Activate = MemoryMarshal.Read<FbVarScreenInfo>(argument).Activate;
            MemoryMarshal.Write(argument, answer);
        }

        // A mode as fbdev describes it: no alpha (multiboot2 does not say where the unused bits
        // are), size and timings unknown.
        public static FbVarScreenInfo Variable(in FramebufferScreen screen, in FramebufferMode mode) => new FbVarScreenInfo
        {
            XRes = mode.Width, YRes = mode.Height, XResVirtual = mode.VirtualWidth, YResVirtual = mode.VirtualHeight,
            XOffset = mode.XOffset, YOffset = mode.YOffset,
            BitsPerPixel = FramebufferMode.BytesPerPixel * 8,
            Red = new FbBitfield { Offset = screen.Boot.RedPosition, Length = screen.Boot.RedSize },
            Green = new FbBitfield { Offset = screen.Boot.GreenPosition, Length = screen.Boot.GreenSize },
            Blue = new FbBitfield { Offset = screen.Boot.BluePosition, Length = screen.Boot.BlueSize },
            Height = uint.MaxValue, Width = uint.MaxValue,
        };

        public static unsafe FbFixScreenInfo Fixed(in FramebufferScreen screen)
        {
            FbFixScreenInfo fix = default;
            for (int i = 0; i < Id.Length; i++) fix.Id[i] = Id[i];
            fix.SmemStart = screen.Boot.Physical;
            fix.SmemLength = (uint)screen.MemoryBytes;
            fix.Type = LinuxFramebuffer.FB_TYPE_PACKED_PIXELS;
            fix.Visual = LinuxFramebuffer.FB_VISUAL_TRUECOLOR;
            fix.LineLength = screen.Mode.Pitch;
            // Panning by a pixel either way where the adapter can pan, not at all where it cannot.
            fix.XPanStep = fix.YPanStep = (ushort)(screen.Limits.Changeable ? 1 : 0);
            return fix;
        }
    }
}
