using System;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Drivers.Tty;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // /dev/fb0's ioctls (Drivers/Tty/FramebufferIoctls.cs) over GOP's mode under QEMU's OVMF
    // (1024x768, 32-bit, blue in the low byte) where the driver cannot program the adapter: Linux's
    // layouts, the one mode accepted, the rest refused (a mode that can change:
    // FramebufferModesTests). End to end on the screen: tests/Posix/fb_draw.c, fb_mode.c and
    // FramebufferTests.
    public class FramebufferIoctlsTests
    {
        private static readonly FramebufferInfo Screen = new()
        {
            Physical = 0xC000_0000, Width = 1024, Height = 768, Pitch = 4096, BitsPerPixel = 32, Format = FramebufferFormat.Rgb,
            RedPosition = 16, RedSize = 8, GreenPosition = 8, GreenSize = 8, BluePosition = 0, BlueSize = 8,
        };

        private static readonly FramebufferScreen Fixed = FramebufferScreen.Fixed(in Screen);

        private static long Serve(uint command, Span<byte> argument, ulong value = 0)
        {
            long result = FramebufferIoctls.Serve(in Fixed, command, argument, value, out FramebufferAction action, out _);
            Assert.Equal(FramebufferAction.None, action);       // the firmware's mode is the only one: nothing to set
            return result;
        }

        [Fact]
        public void The_layouts_are_Linux_s()
        {
            Assert.Equal(160, Marshal.SizeOf<FbVarScreenInfo>());
            Assert.Equal(80, Marshal.SizeOf<FbFixScreenInfo>());
            Assert.Equal(80, (int)Marshal.OffsetOf<FbVarScreenInfo>(nameof(FbVarScreenInfo.NonStd)));
            Assert.Equal(48, (int)Marshal.OffsetOf<FbFixScreenInfo>(nameof(FbFixScreenInfo.LineLength)));
        }

        [Fact]
        public void FBIOGET_VSCREENINFO_is_the_firmware_s_mode()
        {
            Span<byte> bytes = stackalloc byte[FbVarScreenInfo.Size];
            Assert.Equal(0, Serve(LinuxFramebuffer.FBIOGET_VSCREENINFO, bytes));
            FbVarScreenInfo mode = MemoryMarshal.Read<FbVarScreenInfo>(bytes);
            Assert.Equal((1024u, 768u, 1024u, 768u, 32u), (mode.XRes, mode.YRes, mode.XResVirtual, mode.YResVirtual, mode.BitsPerPixel));
            Assert.Equal((16u, 8u), (mode.Red.Offset, mode.Red.Length));
            Assert.Equal((8u, 8u), (mode.Green.Offset, mode.Green.Length));
            Assert.Equal((0u, 8u), (mode.Blue.Offset, mode.Blue.Length));
            Assert.Equal(0u, mode.Transp.Length);
        }

        [Fact]
        public unsafe void FBIOGET_FSCREENINFO_says_where_the_pixels_are()
        {
            Span<byte> bytes = stackalloc byte[FbFixScreenInfo.Size];
            Assert.Equal(0, Serve(LinuxFramebuffer.FBIOGET_FSCREENINFO, bytes));
            FbFixScreenInfo fix = MemoryMarshal.Read<FbFixScreenInfo>(bytes);
            Assert.Equal("lunixfb", System.Text.Encoding.ASCII.GetString(bytes.Slice(0, 7)));
            Assert.Equal(0, bytes[7]);
            Assert.Equal(0xC000_0000ul, fix.SmemStart);
            Assert.Equal(4096u * 768, fix.SmemLength);
            Assert.Equal(4096u, fix.LineLength);
            Assert.Equal(LinuxFramebuffer.FB_TYPE_PACKED_PIXELS, fix.Type);
            Assert.Equal(LinuxFramebuffer.FB_VISUAL_TRUECOLOR, fix.Visual);
            Assert.Equal((0, 0), (fix.XPanStep, fix.YPanStep));        // no panning: the screen is all there is
        }

        [Fact]
        public void FBIOPUT_VSCREENINFO_takes_the_current_mode_only()
        {
            Span<byte> bytes = stackalloc byte[FbVarScreenInfo.Size];
            Serve(LinuxFramebuffer.FBIOGET_VSCREENINFO, bytes);
            FbVarScreenInfo mode = MemoryMarshal.Read<FbVarScreenInfo>(bytes);
            Assert.Equal(0, Serve(LinuxFramebuffer.FBIOPUT_VSCREENINFO, bytes));
            foreach (Func<FbVarScreenInfo, FbVarScreenInfo> change in new Func<FbVarScreenInfo, FbVarScreenInfo>[]
            {
                m => { m.XRes = 800; return m; }, m => { m.YRes = 600; return m; }, m => { m.BitsPerPixel = 16; return m; },
                m => { m.YResVirtual = 1536; return m; }, m => { m.YOffset = 8; return m; },
            })
            {
                MemoryMarshal.Write(bytes, change(mode));
                Assert.Equal(-(long)LinuxErrno.EINVAL, Serve(LinuxFramebuffer.FBIOPUT_VSCREENINFO, bytes));
            }
        }

        [Fact]
        public void Panning_blanking_and_the_rest()
        {
            Span<byte> bytes = stackalloc byte[FbVarScreenInfo.Size];
            Assert.Equal(0, Serve(LinuxFramebuffer.FBIOPAN_DISPLAY, bytes));
            FbVarScreenInfo panned = default;
            panned.YOffset = 1;
            MemoryMarshal.Write(bytes, panned);
            Assert.Equal(-(long)LinuxErrno.EINVAL, Serve(LinuxFramebuffer.FBIOPAN_DISPLAY, bytes));
            Assert.Equal(0, Serve(LinuxFramebuffer.FBIOBLANK, default, 0));
            Assert.Equal(0, Serve(LinuxFramebuffer.FBIOBLANK, default, 4));
            Assert.Equal(-(long)LinuxErrno.EINVAL, Serve(LinuxFramebuffer.FBIOBLANK, default, 5));
            Assert.Equal(-(long)LinuxErrno.ENOTTY, Serve(LinuxIoctls.TCGETS, bytes));
            Assert.Equal(-1, LinuxFramebuffer.ArgumentBytes(0x4604, out _, out _));     // FBIOGETCMAP: unknown, no grant
        }
    }
}
