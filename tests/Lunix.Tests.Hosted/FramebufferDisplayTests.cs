using System;
using System.IO;
using System.Text;
using Lunix.Drivers.Tty;
using Lunix.Fonts;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // A virtual console drawn on a 32-bit framebuffer (Drivers/Tty/FramebufferDisplay.cs): each
    // changed cell in its glyph and VGA colours, the cursor an underline that moves.
    public unsafe class FramebufferDisplayTests
    {
        private const string GrubAsciiFont = "/usr/share/grub/ascii.pf2";
        private const int Width = 10 * 8, Height = 4 * 16, Pitch = Width * 4;
        private static readonly PixelLayout Xrgb = new PixelLayout(16, 8, 8, 8, 0, 8);

        private sealed class Setup
        {
            public Pf2Font Font;
            public uint* Pixels;
            public FramebufferDisplay Display;
            public ConsoleEmulator Console;
        }

        private static Setup Make()
        {
            byte[] file = File.ReadAllBytes(GrubAsciiFont);
            Assert.True(Pf2Font.TryParse(PinnedBytes.Copy(file), file.Length, out Pf2Font font, out string error), error);
            var setup = new Setup { Font = font, Pixels = (uint*)PinnedBytes.Copy(new byte[Pitch * Height]) };
            setup.Display = new FramebufferDisplay((byte*)setup.Pixels, Width, Height, Pitch, font, in Xrgb);
            setup.Console = new ConsoleEmulator(new ConsoleScreen(setup.Display.Columns, setup.Display.Rows));
            return setup;
        }

        private static uint At(Setup s, int x, int y) => s.Pixels[y * Width + x];

        // The glyph's lit pixels in a cell, as the font places them (baseline at the ascent).
        private static bool GlyphSet(Pf2Font font, char c, int x, int y)
        {
            if (!font.TryGetGlyph(c, out Glyph glyph)) return false;
            int top = font.Ascent - glyph.Height - glyph.OffsetY;
            return glyph.IsSet(x - glyph.OffsetX, y - top);
        }

        [FactRequiringFile(GrubAsciiFont)]
        public void CellsShowTheirGlyphsInTheirColours()
        {
            Setup s = Make();
            Assert.Equal((10, 4), (s.Display.Columns, s.Display.Rows));
            s.Console.Write(Encoding.ASCII.GetBytes("A\x1b[1;33;44mB"));
            s.Display.Show(s.Console.Screen);
            for (int y = 0; y < 14; y++)
                for (int x = 0; x < 8; x++)
                {
                    Assert.Equal(GlyphSet(s.Font, 'A', x, y) ? 0xAAAAAAu : 0u, At(s, x, y));
                    Assert.Equal(GlyphSet(s.Font, 'B', x, y) ? 0xFFFF55u : 0x0000AAu, At(s, 8 + x, y));
                }
        }

        [FactRequiringFile(GrubAsciiFont)]
        public void TheCursorIsAnUnderlineThatMovesWithIt()
        {
            Setup s = Make();
            s.Console.Write(Encoding.ASCII.GetBytes("ab"));
            s.Display.Show(s.Console.Screen);
            Assert.Equal(0xAAAAAAu, At(s, 16, 15));             // under the cell after "ab"
            s.Console.Write(Encoding.ASCII.GetBytes("\r\n"));
            s.Display.Show(s.Console.Screen);
            Assert.Equal(0u, At(s, 16, 15));                    // the old place plain again
            Assert.Equal(0xAAAAAAu, At(s, 0, 31));
            s.Console.Write(Encoding.ASCII.GetBytes("\x1b[?25l"));
            s.Display.Show(s.Console.Screen);
            Assert.Equal(0u, At(s, 0, 31));
        }

        [FactRequiringFile(GrubAsciiFont)]
        public void OnlyChangedRowsAreDrawn()
        {
            Setup s = Make();
            s.Display.Show(s.Console.Screen);
            s.Pixels[3 * 16 * Width] = 0x123456;                // a mark in the last row
            s.Console.Write(Encoding.ASCII.GetBytes("x"));
            s.Display.Show(s.Console.Screen);
            Assert.Equal(0x123456u, s.Pixels[3 * 16 * Width]);
            s.Console.Screen.MarkAllDirty();
            s.Display.Show(s.Console.Screen);
            Assert.Equal(0u, s.Pixels[3 * 16 * Width]);
        }
    }
}
