using System;
using Lunix.Abi.Linux;

namespace Lunix.Drivers.Tty
{
    // A 32-bit framebuffer's mode: the visible resolution, the virtual screen it is a window
    // on (for panning and double buffering) and where the window lies, and the bytes from one
    // line to the next.
    internal struct FramebufferMode
    {
        public const int BytesPerPixel = 4;

        public uint Width, Height, VirtualWidth, VirtualHeight, XOffset, YOffset, Pitch;

        // The first byte of the visible part in the pixel memory.
        public readonly ulong Origin => (ulong)YOffset * Pitch + (ulong)XOffset * BytesPerPixel;

        public readonly bool Same(in FramebufferMode other) =>
            Width == other.Width && Height == other.Height && VirtualWidth == other.VirtualWidth && VirtualHeight == other.VirtualHeight
            && XOffset == other.XOffset && YOffset == other.YOffset && Pitch == other.Pitch;
    }

    // What the display adapter can be set to: Changeable only where the driver can program it
    // (Bochs DISPI, BochsDisplay), else the firmware's mode is the only one; the largest
    // resolution it reports; and its pixel memory, which a mode's virtual screen must fit.
    internal struct FramebufferLimits
    {
        public bool Changeable;
        public uint MaxWidth, MaxHeight;
        public ulong MemoryBytes;
    }

    // FBIOPUT_VSCREENINFO's and FBIOPAN_DISPLAY's checks, as Linux's fbdev drivers make them: a
    // request is rounded up to what the adapter can show (widths to 8 pixels, the virtual screen
    // to at least the visible one) or refused with EINVAL, never cut down. Pure: the hosted tests
    // call it; the driver applies what it answers.
    internal static class FramebufferModes
    {
        private const uint WidthStep = 8;
        public const uint MinWidth = 320, MinHeight = 200;       // VGA's smallest graphics mode

        // The mode `asked` comes to: 0, or EINVAL for a depth other than 32 bits, a resolution
        // the adapter cannot show, a virtual screen its memory cannot hold, or offsets that put
        // the visible part outside it. An adapter that cannot change keeps its mode: only that
        // resolution, no larger virtual screen, and offsets 0.
        public static int Fit(in FbVarScreenInfo asked, in FramebufferMode current, in FramebufferLimits limits, out FramebufferMode mode)
        {
            mode = current;
            if (asked.BitsPerPixel != FramebufferMode.BytesPerPixel * 8) return -(int)LinuxErrno.EINVAL;
            if (!limits.Changeable)
            {
                bool same = asked.XRes == current.Width && asked.YRes == current.Height && asked.XResVirtual <= current.VirtualWidth
                            && asked.YResVirtual <= current.VirtualHeight && asked.XOffset == 0 && asked.YOffset == 0;
                return same ? 0 : -(int)LinuxErrno.EINVAL;
            }
            uint width = RoundUp(asked.XRes), height = asked.YRes;
            uint virtualWidth = Math.Max(RoundUp(asked.XResVirtual), width), virtualHeight = Math.Max(asked.YResVirtual, height);
            // The virtual height is bounded by the memory alone (DISPI gives a mode all the lines
            // its memory holds).
            if (width < MinWidth || height < MinHeight || virtualWidth > limits.MaxWidth || height > limits.MaxHeight)
                return -(int)LinuxErrno.EINVAL;
            ulong pitch = (ulong)virtualWidth * FramebufferMode.BytesPerPixel;
            if (pitch * virtualHeight > limits.MemoryBytes) return -(int)LinuxErrno.EINVAL;
            if ((ulong)asked.XOffset + width > virtualWidth || (ulong)asked.YOffset + height > virtualHeight) return -(int)LinuxErrno.EINVAL;
            mode = new FramebufferMode
            {
                Width = width, Height = height, VirtualWidth = virtualWidth, VirtualHeight = virtualHeight,
                XOffset = asked.XOffset, YOffset = asked.YOffset, Pitch = (uint)pitch,
            };
            return 0;
        }

        // FBIOPAN_DISPLAY: the visible part moved to the asked offsets within the virtual screen
        // (the other fields of `asked` are not looked at, as Linux's fb_pan_display); EINVAL
        // where it would leave it.
        public static int Pan(in FbVarScreenInfo asked, in FramebufferMode current, out FramebufferMode mode)
        {
            mode = current;
            if ((ulong)asked.XOffset + current.Width > current.VirtualWidth || (ulong)asked.YOffset + current.Height > current.VirtualHeight)
                return -(int)LinuxErrno.EINVAL;
            mode.XOffset = asked.XOffset;
            mode.YOffset = asked.YOffset;
            return 0;
        }

        // A width rounded up to the adapter's step (0 stays 0, and is refused as too small).
        private static uint RoundUp(uint width) => width > uint.MaxValue - WidthStep ? uint.MaxValue & ~(WidthStep - 1) : (width + WidthStep - 1) & ~(WidthStep - 1);
    }
}
