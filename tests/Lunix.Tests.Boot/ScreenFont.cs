using System.Runtime.InteropServices;
using Lunix.Fonts;

namespace Lunix.Tests.Boot;

/// <summary>
/// The glyphs a screen shows, as cell-sized masks of lit pixels, to read a screendump back as
/// text: VGA text mode's font (SeaBIOS's VGA BIOS loads the IBM 8x16 font; QEMU draws each cell
/// 9 pixels wide, the ninth column dark for letters) and the framebuffer consoles' (GRUB's
/// ascii.pf2, placed in a cell as Drivers/Tty/FramebufferDisplay.cs places it).
/// </summary>
public sealed class ScreenFont
{
    public int CellWidth { get; }
    public int CellHeight { get; }
    private readonly Dictionary<char, bool[]> _masks = new();

    private ScreenFont(int cellWidth, int cellHeight)
    {
        CellWidth = cellWidth;
        CellHeight = cellHeight;
    }

    public IReadOnlyDictionary<char, bool[]> Masks => _masks;

    public const string VgaBios = "/usr/share/seabios/vgabios-stdvga.bin";

    /// <summary>The 8x16 font in the VGA BIOS, found by its 'A'; cells <paramref name="cellWidth"/> wide.</summary>
    public static ScreenFont Vga(int cellWidth)
    {
        byte[] rom = File.ReadAllBytes(VgaBios);
        byte[] letterA = [0x00, 0x00, 0x10, 0x38, 0x6C, 0xC6, 0xC6, 0xFE, 0xC6, 0xC6, 0xC6, 0xC6, 0x00, 0x00, 0x00, 0x00];
        int a = rom.AsSpan().IndexOf(letterA);
        if (a < 0x41 * 16) throw new InvalidDataException($"no 8x16 font in {VgaBios}");
        int table = a - 0x41 * 16;
        var font = new ScreenFont(cellWidth, 16);
        for (char c = ' '; c <= '~'; c++)
        {
            var mask = new bool[cellWidth * 16];
            for (int y = 0; y < 16; y++)
                for (int x = 0; x < 8; x++)
                    mask[y * cellWidth + x] = (rom[table + c * 16 + y] & (0x80 >> x)) != 0;
            font._masks[c] = mask;
        }
        return font;
    }

    /// <summary>A PF2 font's glyphs in monospace cells, baseline at the font's ascent.</summary>
    public static unsafe ScreenFont Pf2(string path)
    {
        byte[] file = GC.AllocateArray<byte>((int)new FileInfo(path).Length, pinned: true);
        File.ReadAllBytes(path).CopyTo(file, 0);
        if (!Pf2Font.TryParse((byte*)Marshal.UnsafeAddrOfPinnedArrayElement(file, 0), file.Length, out var pf2, out var error))
            throw new InvalidDataException($"{path}: {error}");
        int width = pf2.TryGetGlyph('M', out Glyph m) && m.DeviceWidth > 0 ? m.DeviceWidth : 8;
        int height = pf2.Ascent + pf2.Descent > 0 ? pf2.Ascent + pf2.Descent : 16;
        var font = new ScreenFont(width, height);
        for (char c = ' '; c <= '~'; c++)
        {
            var mask = new bool[width * height];
            if (c != ' ' && pf2.TryGetGlyph(c, out Glyph glyph))
            {
                int top = pf2.Ascent - glyph.Height - glyph.OffsetY;
                for (int y = 0; y < glyph.Height; y++)
                    for (int x = 0; x < glyph.Width; x++)
                    {
                        int px = glyph.OffsetX + x, py = top + y;
                        if (px >= 0 && px < width && py >= 0 && py < height && glyph.IsSet(x, y)) mask[py * width + px] = true;
                    }
            }
            font._masks[c] = mask;
        }
        return font;
    }
}
