namespace Lunix.Tests.Boot;

/// <summary>
/// A screendump read back as rows of text: each cell's lit pixels (anything brighter than dark
/// grey) matched against a font's glyphs, exactly, or leaving out the cell's last two pixel rows
/// where the cursor's underline may be. A cell that matches no glyph reads as U+FFFD.
/// </summary>
public static class ScreenText
{
    public const char Unknown = '\uFFFD';

    public static string[] Read(PpmImage image, ScreenFont font)
    {
        int columns = image.Width / font.CellWidth, rows = image.Height / font.CellHeight;
        var text = new string[rows];
        var cell = new bool[font.CellWidth * font.CellHeight];
        for (int row = 0; row < rows; row++)
        {
            var line = new char[columns];
            for (int column = 0; column < columns; column++)
            {
                for (int y = 0; y < font.CellHeight; y++)
                    for (int x = 0; x < font.CellWidth; x++)
                        cell[y * font.CellWidth + x] = Lit(image.Pixel(column * font.CellWidth + x, row * font.CellHeight + y));
                line[column] = Match(cell, font);
            }
            text[row] = new string(line).TrimEnd();
        }
        return text;
    }

    private static bool Lit(int rgb) => (rgb >> 16 & 0xFF) + (rgb >> 8 & 0xFF) + (rgb & 0xFF) > 0x60 * 3;

    private static char Match(bool[] cell, ScreenFont font)
    {
        foreach (var (c, mask) in font.Masks)
            if (cell.AsSpan().SequenceEqual(mask)) return c;
        int upper = font.CellWidth * (font.CellHeight - 2);
        foreach (var (c, mask) in font.Masks)
            if (cell.AsSpan(0, upper).SequenceEqual(mask.AsSpan(0, upper))) return c;
        return Unknown;
    }
}
