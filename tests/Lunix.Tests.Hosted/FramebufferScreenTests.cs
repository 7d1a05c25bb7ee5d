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
