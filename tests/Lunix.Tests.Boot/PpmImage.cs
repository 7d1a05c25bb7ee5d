namespace Lunix.Tests.Boot;

/// <summary>A binary PPM (P6, 8 bits a channel), what QEMU's screendump writes.</summary>
public sealed class PpmImage(int width, int height, byte[] pixels)
{
    public int Width { get; } = width;
    public int Height { get; } = height;

    /// <summary>The pixel as 0xRRGGBB.</summary>
    public int Pixel(int x, int y)
    {
        int at = (y * Width + x) * 3;
        return pixels[at] << 16 | pixels[at + 1] << 8 | pixels[at + 2];
    }

    public static PpmImage Read(byte[] file)
    {
        int at = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)file[at]) || file[at] == '#')
            {
                if (file[at] == '#') while (file[at] != '\n') at++;
                else at++;
            }
            int start = at;
            while (!char.IsWhiteSpace((char)file[at])) at++;
            return System.Text.Encoding.ASCII.GetString(file, start, at - start);
        }
        if (Token() != "P6") throw new InvalidDataException("not a binary PPM");
        int width = int.Parse(Token()), height = int.Parse(Token());
        if (Token() != "255") throw new InvalidDataException("not 8 bits a channel");
        at++;                                       // the one white-space byte before the pixels
        return new PpmImage(width, height, file[at..(at + width * height * 3)]);
    }
}
