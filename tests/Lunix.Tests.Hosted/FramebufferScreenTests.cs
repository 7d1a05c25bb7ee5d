using System;
using System.IO;
using Lunix.Kernel.Boot;
using Lunix.Kernel.Console;
using Xunit;
using Lunix.Fonts;

namespace Lunix.Tests.Hosted
{
    // The framebuffer console scrolls once per batch of text instead of once per line. Whatever
    // the batching, the pixels must come out as if every character had been drawn on its own.
    public unsafe class FramebufferScreenTests
    {
        private const string GrubAsciiFont = "/usr/share/grub/ascii.pf2";
        private const int Columns = 10, Rows = 4, CellWidth = 8, CellHeight = 16;

        private static readonly Framebuffer Small = new Framebuffer
        {
            IsPresent = true, Kind = FramebufferKind.Rgb, BitsPerPixel = 32,
            Width = Columns * CellWidth, Height = Rows * CellHeight, Pitch = Columns * CellWidth * 4,
            RedPosition = 16, RedSize = 8, GreenPosition = 8, GreenSize = 8, BluePosition = 0, BlueSize = 8,
        };

        private static byte[] Draw(string text, int batch)
        {
            byte[] file = File.ReadAllBytes(GrubAsciiFont);
            Assert.True(Pf2Font.TryParse(PinnedBytes.Copy(file), file.Length, out Pf2Font font, out string error), error);
            int size = (int)(Small.Pitch * Small.Height);
            byte* pixels = PinnedBytes.Copy(new byte[size]);
            var screen = new FramebufferScreen(pixels, Small, font);
            screen.Clear();
            for (int at = 0; at < text.Length; at += batch)
                screen.Write(text.AsSpan(at, Math.Min(batch, text.Length - at)));
            return new ReadOnlySpan<byte>(pixels, size).ToArray();
        }

        [TheoryRequiringFile(GrubAsciiFont)]
        [InlineData("one\ntwo\nthree\nfour\nfive\nsix\n")]                    // scrolls by two rows
        [InlineData("a line longer than ten columns wraps\nend")]            // wraps scroll too
        [InlineData("1\n2\n3\n4\n5\n6\n7\n8\n9\nlast")]                    // more new rows than the screen has
        [InlineData("0123456789\n\r\nx")]                                   // a full row, then a newline
        [InlineData("$ ab\b \bc\n$ x\ty\t\tz\rw\n\b\b")]                 // a terminal's echo: erase, tabs, carriage return
        public void ABatchDrawsWhatSingleCharactersDraw(string text)
        {
            byte[] oneByOne = Draw(text, 1);
            byte[] batched = Draw(text, text.Length);
            Assert.Contains(oneByOne, b => b != 0);
            Assert.Equal(oneByOne, batched);
        }

        // A mode a program set (DIAGCTL ScreenMode): the kernel draws in its layout, as it would on
        // a framebuffer of that mode, and no byte past the new mode's lines.
        [FactRequiringFile(GrubAsciiFont)]
        public void AReshapedScreenDrawsInTheNewLayout()
        {
            byte[] file = File.ReadAllBytes(GrubAsciiFont);
            Assert.True(Pf2Font.TryParse(PinnedBytes.Copy(file), file.Length, out Pf2Font font, out string error), error);
            int size = (int)(Small.Pitch * Small.Height);
            byte* pixels = PinnedBytes.Copy(new byte[size]);
            var screen = new FramebufferScreen(pixels, Small, font);
            const uint Width = 5 * CellWidth, Height = 2 * CellHeight, Pitch = Width * 4, Origin = Pitch * 8;
            Assert.True(screen.Reshape(Width, Height, Pitch, Origin));
            screen.Clear();
            screen.Write("abcdefg");
            byte[] drawn = new ReadOnlySpan<byte>(pixels, size).ToArray();

            var mode = Small with { Width = Width, Height = Height, Pitch = Pitch };
            byte* alone = PinnedBytes.Copy(new byte[Pitch * Height]);
            var expected = new FramebufferScreen(alone, mode, font);
            expected.Clear();
            expected.Write("abcdefg");
            Assert.Equal(new byte[Origin], drawn.AsSpan(0, (int)Origin).ToArray());
            Assert.Equal(new ReadOnlySpan<byte>(alone, (int)(Pitch * Height)).ToArray(), drawn.AsSpan((int)Origin, (int)(Pitch * Height)).ToArray());
            Assert.All(drawn.AsSpan((int)(Origin + Pitch * Height)).ToArray(), b => Assert.Equal(0, b));
        }

        [FactRequiringFile(GrubAsciiFont)]
        public void LayoutsOutsideTheBootMemoryAreRefusedAndTallerOnesCut()
        {
            byte[] file = File.ReadAllBytes(GrubAsciiFont);
            Assert.True(Pf2Font.TryParse(PinnedBytes.Copy(file), file.Length, out Pf2Font font, out string error), error);
            var screen = new FramebufferScreen(PinnedBytes.Copy(new byte[Small.Pitch * Small.Height]), Small, font);
            Assert.False(screen.Reshape(80, 64, 100, 0));                          // a line shorter than its pixels
            Assert.False(screen.Reshape(80, 64, 320, 320 * 64));                   // the visible part past the memory
            Assert.False(screen.Reshape(80, 64, 320, 320 * 60));                   // not one row of cells left
            Assert.False(screen.Reshape(0, 64, 320, 0));
            Assert.True(screen.Reshape(80, 10000, 320, 0));                         // cut to the memory's rows
            screen.Clear();
            screen.Write("1\n2\n3\n4\n5");                                      // scrolls within those rows
        }

        [FactRequiringFile(GrubAsciiFont)]
        public void BackspaceAndCarriageReturnRedrawInPlace()
        {
            Assert.Equal(Draw("$ ac", 64), Draw("$ ab\b \bc", 64));             // an erased character is gone
            Assert.Equal(Draw("xyz", 64), Draw("abc\rxyz", 64));
            Assert.Equal(Draw("a       b", 64), Draw("a\tb", 64));
        }

        [FactRequiringFile(GrubAsciiFont)]
        public void TheLastLinesStayOnScreen()
        {
            byte[] shown = Draw("gone\n1\n2\n3\nkept", 64);
            byte[] expected = Draw("1\n2\n3\nkept", 64);
            Assert.Equal(expected, shown);
        }
    }
}
