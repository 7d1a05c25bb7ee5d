using System.Runtime.InteropServices;

namespace Lunix.Abi.Linux
{
    // Linux's framebuffer device, /dev/fb0 (major 29; linux/fb.h): its ioctls and the two
    // structures they move, with x86-64's layout. (The console's KDSETMODE, by which a program
    // that draws on the framebuffer tells its virtual console to stop drawing, is LinuxIoctls'.)
    public static class LinuxFramebuffer
    {
        public const uint Major = 29;

        public const uint FBIOGET_VSCREENINFO = 0x4600;     // struct fb_var_screeninfo out
        public const uint FBIOPUT_VSCREENINFO = 0x4601;     // struct fb_var_screeninfo in, and out as set
        public const uint FBIOGET_FSCREENINFO = 0x4602;     // struct fb_fix_screeninfo out
        public const uint FBIOPAN_DISPLAY = 0x4606;         // struct fb_var_screeninfo in: xoffset, yoffset
        public const uint FBIOBLANK = 0x4611;               // value: FB_BLANK_*

        public const uint FB_TYPE_PACKED_PIXELS = 0;
        public const uint FB_VISUAL_TRUECOLOR = 2;
        public const uint FB_ACTIVATE_TEST = 2;             // FBIOPUT_VSCREENINFO: check and answer, set nothing
        public const uint FB_ACTIVATE_MASK = 15;
        public const int FB_BLANK_POWERDOWN = 4;            // the deepest FB_BLANK_* (FB_BLANK_UNBLANK is 0)

        // The bytes an ioctl's argument points to (VFS grants them to the driver), and whether
        // the driver reads them first (In) and writes them back (Out); -1 for one it does not
        // know (ENOTTY), 0 for a value argument.
        public static int ArgumentBytes(uint request, out bool input, out bool output)
        {
            input = output = false;
            switch (request)
            {
                case FBIOGET_VSCREENINFO: output = true; return FbVarScreenInfo.Size;
                case FBIOPUT_VSCREENINFO: case FBIOPAN_DISPLAY: input = output = true; return FbVarScreenInfo.Size;
                case FBIOGET_FSCREENINFO: output = true; return FbFixScreenInfo.Size;
                case FBIOBLANK: return 0;
                default: return -1;
            }
        }
    }

    // struct fb_bitfield: where a colour channel lies in a pixel.
    [StructLayout(LayoutKind.Sequential)]
    public struct FbBitfield
    {
        public uint Offset;                 // its lowest bit
        public uint Length;                 // its width in bits
        public uint MsbRight;               // 0: the most significant bit is on the left
    }

    // struct fb_var_screeninfo: the mode, which FBIOPUT_VSCREENINFO may change.
    [StructLayout(LayoutKind.Sequential, Size = Size)]
    public struct FbVarScreenInfo
    {
        public const int Size = 160;
        public uint XRes, YRes;             // the visible resolution
        public uint XResVirtual, YResVirtual;
        public uint XOffset, YOffset;       // the visible part's place in the virtual one
        public uint BitsPerPixel;
        public uint Grayscale;
        public FbBitfield Red, Green, Blue, Transp;
        public uint NonStd;
        public uint Activate;               // FB_ACTIVATE_*
        public uint Height, Width;          // millimetres; ~0 unknown
        public uint AccelFlags;
        public uint PixClock;               // picoseconds a pixel; the timings that follow, 0 here
        public uint LeftMargin, RightMargin, UpperMargin, LowerMargin, HsyncLen, VsyncLen;
        public uint Sync, VMode, Rotate, Colorspace;
        public uint Reserved0, Reserved1, Reserved2, Reserved3;
    }

    // struct fb_fix_screeninfo: what the mode does not change (and the memory it lies in).
    [StructLayout(LayoutKind.Explicit, Size = Size)]
    public unsafe struct FbFixScreenInfo
    {
        public const int Size = 80;
        public const int IdBytes = 16;
        [FieldOffset(0)] public fixed byte Id[IdBytes];
        [FieldOffset(16)] public ulong SmemStart;       // physical address of the pixels
        [FieldOffset(24)] public uint SmemLength;
        [FieldOffset(28)] public uint Type;             // FB_TYPE_*
        [FieldOffset(32)] public uint TypeAux;
        [FieldOffset(36)] public uint Visual;           // FB_VISUAL_*
        [FieldOffset(40)] public ushort XPanStep;
        [FieldOffset(42)] public ushort YPanStep;
        [FieldOffset(44)] public ushort YWrapStep;
        [FieldOffset(48)] public uint LineLength;       // bytes from one line to the next
        [FieldOffset(56)] public ulong MmioStart;
        [FieldOffset(64)] public uint MmioLength;
        [FieldOffset(68)] public uint Accel;
        [FieldOffset(72)] public ushort Capabilities;
    }
}
