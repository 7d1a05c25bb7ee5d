using System;

namespace Lunix.Fonts
{
    // One character cell of a 32-bit framebuffer, as the kernel's console and the terminal
    // driver's consoles draw it: filled with the background, then the character's glyph (or
    // '?' when the font has none) set in the foreground, placed as PF2 places it (its offsets
    // are from the baseline, at the font's ascent, to the glyph's bottom-left corner) and cut
    // to the cell.
    public static unsafe class GlyphCell
    {
        public static void Draw(Pf2Font font, byte* pixels, int pitch, int left, int top, int width, int height, char c,
                                uint foreground, uint background)
        {
            for (int y = 0; y < height; y++)
                new Span<uint>(pixels + (top + y) * pitch + left * 4, width).Fill(background);
            if (c == ' ' || !font.TryGetGlyph(c, out Glyph glyph) && !font.TryGetGlyph('?', out glyph)) return;
            int glyphTop = top + font.Ascent - glyph.Height - glyph.OffsetY;
            for (int y = 0; y < glyph.Height; y++)
            {
                int py = glyphTop + y;
                if (py < top || py >= top + height) continue;
                uint* line = (uint*)(pixels + py * pitch);
                for (int x = 0; x < glyph.Width; x++)
                {
                    int px = left + glyph.OffsetX + x;
                    if (px >= left && px < left + width && glyph.IsSet(x, y)) line[px] = foreground;
                }
            }
        }
    }
}
