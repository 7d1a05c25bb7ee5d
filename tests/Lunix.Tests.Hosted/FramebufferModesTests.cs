using System;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Drivers.Tty;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // /dev/fb0 on an adapter the driver programs (Bochs DISPI, Drivers/Tty/BochsDisplay.cs): what
    // FBIOPUT_VSCREENINFO and FBIOPAN_DISPLAY ask of it (FramebufferModes, FramebufferIoctls),
    // and the consoles fitted to a new mode (ConsoleScreen.Resize, VirtualConsoles.Resize). The
    // adapter is QEMU's standard VGA as OVMF leaves it: 1024x768 with all of its 16 MiB as the
    // virtual screen's height, modes up to 2560x1600. On the screen: tests/Posix/fb_mode.c.
    public class FramebufferModesTests
    {
        private const ulong Memory = 16 << 20;

        private static FramebufferScreen Screen()
        {
            var boot = new FramebufferInfo
            {
                Physical = 0x8000_0000, Width = 1024, Height = 768, Pitch = 4096, BitsPerPixel = 32, Format = FramebufferFormat.Rgb,
                RedPosition = 16, RedSize = 8, GreenPosition = 8, GreenSize = 8, BluePosition = 0, BlueSize = 8,
            };
            FramebufferScreen screen = FramebufferScreen.Fixed(in boot);
            screen.Mode.VirtualHeight = (uint)(Memory / 4096);
            screen.Limits = new FramebufferLimits { Changeable = true, MaxWidth = 2560, MaxHeight = 1600, MemoryBytes = Memory };
            return screen;
        }

        private static FbVarScreenInfo Asking(uint width, uint height, uint activate = 0) => new FbVarScreenInfo
        {
            XRes = width, YRes = height, XResVirtual = width, YResVirtual = height, BitsPerPixel = 32, Activate = activate,
        };

        private static long Put(in FramebufferScreen screen, ref FbVarScreenInfo var, out FramebufferAction action, out FramebufferMode wanted)
        {
            Span<byte> bytes = stackalloc byte[FbVarScreenInfo.Size];
            MemoryMarshal.Write(bytes, var);
            long result = FramebufferIoctls.Serve(in screen, LinuxFramebuffer.FBIOPUT_VSCREENINFO, bytes, 0, out action, out wanted);
            var = MemoryMarshal.Read<FbVarScreenInfo>(bytes);
            return result;
        }

        [Fact]
        public void Another_resolution_is_a_mode_to_set_and_its_virtual_screen_at_least_the_visible_one()
        {
            FramebufferScreen screen = Screen();
            FbVarScreenInfo var = Asking(800, 600);
            var.YResVirtual = 0;
            Assert.Equal(0, Put(in screen, ref var, out FramebufferAction action, out FramebufferMode wanted));
            Assert.Equal(FramebufferAction.SetMode, action);
            Assert.Equal((800u, 600u, 800u, 600u, 3200u), (wanted.Width, wanted.Height, wanted.VirtualWidth, wanted.VirtualHeight, wanted.Pitch));
            // The answer is the driver's to write, once the adapter has taken the mode.
            screen.Mode = wanted;
            Span<byte> bytes = stackalloc byte[FbVarScreenInfo.Size];
            MemoryMarshal.Write(bytes, Asking(800, 600, 7));
            FramebufferIoctls.AnswerMode(in screen, in wanted, bytes);
            FbVarScreenInfo answer = MemoryMarshal.Read<FbVarScreenInfo>(bytes);
            Assert.Equal((800u, 600u, 7u, 16u), (answer.XRes, answer.YRes, answer.Activate, answer.Red.Offset));
        }

        [Fact]
        public void FB_ACTIVATE_TEST_answers_the_mode_and_sets_nothing()
        {
            FramebufferScreen screen = Screen();
            FbVarScreenInfo var = Asking(801, 600, LinuxFramebuffer.FB_ACTIVATE_TEST);
            Assert.Equal(0, Put(in screen, ref var, out FramebufferAction action, out _));
            Assert.Equal(FramebufferAction.None, action);
            Assert.Equal((808u, 600u, 808u, LinuxFramebuffer.FB_ACTIVATE_TEST), (var.XRes, var.YRes, var.XResVirtual, var.Activate));
        }

        [Fact]
        public void The_mode_shown_asked_again_sets_nothing()
        {
            FramebufferScreen screen = Screen();
            FbVarScreenInfo var = FramebufferIoctls.Variable(in screen, in screen.Mode);
            Assert.Equal(0, Put(in screen, ref var, out FramebufferAction action, out _));
            Assert.Equal(FramebufferAction.None, action);
            Assert.Equal((1024u, 768u, 4096u), (var.XRes, var.YRes, var.YResVirtual));
        }

        [Theory]
        [InlineData(800u, 600u, 16u, 0u, 0u, "not 32 bits")]
        [InlineData(0u, 0u, 32u, 0u, 0u, "nothing")]
        [InlineData(311u, 600u, 32u, 0u, 0u, "below VGA's smallest")]
        [InlineData(2568u, 600u, 32u, 0u, 0u, "wider than the adapter")]
        [InlineData(800u, 1601u, 32u, 0u, 0u, "taller than the adapter")]
        [InlineData(2560u, 1600u, 32u, 1639u, 0u, "a virtual screen beyond the memory")]
        [InlineData(800u, 600u, 32u, 0u, 1u, "the visible part past the virtual screen")]
        [InlineData(uint.MaxValue, 600u, 32u, 0u, 0u, "a width that wraps when rounded")]
        public void Impossible_modes_are_EINVAL_and_set_nothing(uint width, uint height, uint bits, uint virtualHeight, uint yOffset, string what)
        {
            FramebufferScreen screen = Screen();
            FbVarScreenInfo var = Asking(width, height);
            var.BitsPerPixel = bits;
            var.YResVirtual = Math.Max(virtualHeight, height);
            var.YOffset = yOffset;
            Assert.True(Put(in screen, ref var, out FramebufferAction action, out _) == -(long)LinuxErrno.EINVAL, what);
            Assert.Equal(FramebufferAction.None, action);
        }

        [Fact]
        public void The_largest_mode_that_fits_is_taken()
        {
            FramebufferScreen screen = Screen();
            FbVarScreenInfo var = Asking(2560, 1600);
            Assert.Equal(0, Put(in screen, ref var, out FramebufferAction action, out FramebufferMode wanted));
            Assert.Equal(FramebufferAction.SetMode, action);
            Assert.Equal(2560u * 4 * 1600, (ulong)wanted.Pitch * wanted.VirtualHeight);
        }

        [Fact]
        public void Panning_moves_the_visible_part_within_the_virtual_screen()
        {
            FramebufferScreen screen = Screen();
            Span<byte> bytes = stackalloc byte[FbVarScreenInfo.Size];
            var pan = new FbVarScreenInfo { XOffset = 0, YOffset = 768 };
            MemoryMarshal.Write(bytes, pan);
            Assert.Equal(0, FramebufferIoctls.Serve(in screen, LinuxFramebuffer.FBIOPAN_DISPLAY, bytes, 0, out FramebufferAction action, out FramebufferMode wanted));
            Assert.Equal(FramebufferAction.Pan, action);
            Assert.Equal(768ul * 4096, wanted.Origin);
            pan.YOffset = 4096 - 768 + 1;
            MemoryMarshal.Write(bytes, pan);
            Assert.Equal(-(long)LinuxErrno.EINVAL, FramebufferIoctls.Serve(in screen, LinuxFramebuffer.FBIOPAN_DISPLAY, bytes, 0, out action, out _));
            Assert.Equal(FramebufferAction.None, action);
            pan = new FbVarScreenInfo { XOffset = 1 };
            MemoryMarshal.Write(bytes, pan);
            Assert.Equal(-(long)LinuxErrno.EINVAL, FramebufferIoctls.Serve(in screen, LinuxFramebuffer.FBIOPAN_DISPLAY, bytes, 0, out _, out _));
            pan = default;
            MemoryMarshal.Write(bytes, pan);
            Assert.Equal(0, FramebufferIoctls.Serve(in screen, LinuxFramebuffer.FBIOPAN_DISPLAY, bytes, 0, out action, out _));
            Assert.Equal(FramebufferAction.None, action);       // already there
        }

        [Fact]
        public void FBIOGET_FSCREENINFO_gives_all_the_memory_and_panning_steps()
        {
            FramebufferScreen screen = Screen();
            Span<byte> bytes = stackalloc byte[FbFixScreenInfo.Size];
            Assert.Equal(0, FramebufferIoctls.Serve(in screen, LinuxFramebuffer.FBIOGET_FSCREENINFO, bytes, 0, out _, out _));
            FbFixScreenInfo fix = MemoryMarshal.Read<FbFixScreenInfo>(bytes);
            Assert.Equal((16u << 20, 4096u, (ushort)1, (ushort)1), (fix.SmemLength, fix.LineLength, fix.XPanStep, fix.YPanStep));
        }

        [Fact]
        public void A_smaller_screen_keeps_the_text_around_the_cursor()
        {
            var screen = new ConsoleScreen(10, 6);
            var emulator = new ConsoleEmulator(screen);
            emulator.Write("a\r\nb\r\nc\r\nd\r\ne\r\nf012"u8);
            Assert.Equal(5, screen.Row);
            screen.Resize(4, 3);
            Assert.Equal((4, 3), (screen.Columns, screen.Rows));
            Assert.Equal(new[] { "d", "e", "f012" }, new[] { screen.RowText(0), screen.RowText(1), screen.RowText(2) });
            Assert.Equal((2, 3), (screen.Row, screen.Column));
            screen.Resize(12, 5);
            Assert.Equal(new[] { "d", "e", "f012", "", "" }, new[] { screen.RowText(0), screen.RowText(1), screen.RowText(2), screen.RowText(3), screen.RowText(4) });
            // The scroll region is the whole screen again: a line feed at the bottom scrolls it.
            emulator.Write("\r\n\r\n\r\nz"u8);
            Assert.Equal("e", screen.RowText(0));
            Assert.Equal("z", screen.RowText(4));
        }

        [Fact]
        public void Every_console_gets_the_new_size_and_its_foreground_group_SIGWINCH()
        {
            var consoles = new VirtualConsoles(128, 48);
            consoles.Terminal(1).Jobs.Restore(42, 42);
            consoles.Resize(100, 37);
            for (int i = 0; i < VirtualConsoles.Count; i++)
            {
                Assert.Equal((100, 37), (consoles.Screen(i).Columns, consoles.Screen(i).Rows));
                Assert.Equal(((ushort)100, (ushort)37), (consoles.Terminal(i).WindowSize.Columns, consoles.Terminal(i).WindowSize.Rows));
            }
            Assert.True(consoles.Terminal(1).Signals.Peek(out int group, out int signal));
            Assert.Equal((42, Signals.SIGWINCH), (group, signal));
            consoles.Terminal(1).Signals.Drop();
            Assert.Equal(0, consoles.Terminal(0).Signals.Count);       // no foreground group: nobody to tell
            consoles.Resize(100, 37);           // the same size: no news
            Assert.Equal(0, consoles.Terminal(1).Signals.Count);
        }
    }
}
