using System;
using System.Buffers.Binary;

namespace Lunix.Fonts
{
    // One character's bitmap: Width x Height bits, row-major, most significant bit first, rows not
    // padded to bytes. OffsetX/OffsetY place the bitmap's bottom-left corner relative to the pen on
    // the baseline (y grows upward); DeviceWidth is how far the pen then advances.
    public readonly ref struct Glyph
    {
        public int Width { get; }
        public int Height { get; }
        public int OffsetX { get; }
        public int OffsetY { get; }
        public int DeviceWidth { get; }
        public ReadOnlySpan<byte> Bitmap { get; }

        internal Glyph(int width, int height, int offsetX, int offsetY, int deviceWidth, ReadOnlySpan<byte> bitmap)
        {
            Width = width;
            Height = height;
            OffsetX = offsetX;
            OffsetY = offsetY;
            DeviceWidth = deviceWidth;
            Bitmap = bitmap;
        }

        // (0, 0) is the top-left pixel. Outside the bitmap nothing is set.
        public bool IsSet(int x, int y)
        {
            if ((uint)x >= (uint)Width || (uint)y >= (uint)Height) return false;
            int bit = y * Width + x;
            return (Bitmap[bit >> 3] & (0x80 >> (bit & 7))) != 0;
        }
    }

    // A GRUB PFF2 bitmap font (grub-mkfont's output, e.g. /usr/share/grub/ascii.pf2): big-endian
    // sections of {4-char name, u32 length, data}, starting with FILE = "PFF2" and ending at DATA,
    // whose glyphs the character index (CHIX) points at by file offset. Every glyph is
    // bounds-checked when the font is parsed, so lookups cannot read outside the file.
    // The font holds a pointer to the file rather than a copy; the file must stay where it is for
    // the font's lifetime (a boot module the kernel keeps, or a pinned array in hosted tests).
    public sealed unsafe class Pf2Font
    {
        private const int SectionHeaderSize = 8;
        private const int IndexEntrySize = 9;      // u32 code point, u8 storage flags, u32 glyph offset
        private const int GlyphHeaderSize = 10;    // u16 width, u16 height, s16 x, s16 y, s16 device width

        private readonly byte* _file;
        private readonly int _length;
        private int _indexOffset;

        private Pf2Font(byte* file, int length)
        {
            _file = file;
            _length = length;
        }

        public string Name { get; private set; } = "";
        public int PointSize { get; private set; }
        public int MaxWidth { get; private set; }
        public int MaxHeight { get; private set; }
        // Pixels above and below the baseline: a text line is Ascent + Descent high.
        public int Ascent { get; private set; }
        public int Descent { get; private set; }
        public int GlyphCount { get; private set; }

        private ReadOnlySpan<byte> File => new ReadOnlySpan<byte>(_file, _length);

        public static bool TryParse(byte* file, int length, out Pf2Font font, out string error)
        {
            font = null;
            var result = new Pf2Font(file, length);
            error = result.ReadSections();
            if (error == null) error = result.CheckIndex();
            if (error != null) return false;
            font = result;
            return true;
        }

        public bool TryGetGlyph(uint codePoint, out Glyph glyph)
        {
            glyph = default;
            ReadOnlySpan<byte> index = File.Slice(_indexOffset, GlyphCount * IndexEntrySize);
            int low = 0, high = GlyphCount - 1;
            while (low <= high)
            {
                int middle = low + (high - low) / 2;
                ReadOnlySpan<byte> entry = index.Slice(middle * IndexEntrySize);
                uint code = BinaryPrimitives.ReadUInt32BigEndian(entry);
                if (code == codePoint) return TryReadGlyph(File, BinaryPrimitives.ReadUInt32BigEndian(entry.Slice(5)), out glyph);
                if (code < codePoint) low = middle + 1;
                else high = middle - 1;
            }
            return false;
        }

        // Walks the sections up to DATA; returns an error message, or null.
        private string ReadSections()
        {
            ReadOnlySpan<byte> file = File;
            if (file.Length < 12 || !IsName(file, "FILE") || BinaryPrimitives.ReadUInt32BigEndian(file.Slice(4)) != 4 || !IsName(file.Slice(8), "PFF2"))
                return "not a PFF2 font: no FILE section holding PFF2";
            bool haveIndex = false, haveAscent = false, haveDescent = false, haveMaxWidth = false, haveMaxHeight = false;
            int offset = 12;
            while (true)
            {
                if (file.Length - offset < SectionHeaderSize) return "no DATA section";
                ReadOnlySpan<byte> header = file.Slice(offset, SectionHeaderSize);
                // DATA is last and its length may be 0xFFFFFFFF ("to the end of the file"): stop here.
                if (IsName(header, "DATA")) break;
                uint length = BinaryPrimitives.ReadUInt32BigEndian(header.Slice(4));
                if (length > (uint)(file.Length - offset - SectionHeaderSize))
                    return string.Concat("section ", SectionName(header), " at offset ", offset.ToString(), " overruns the file");
                ReadOnlySpan<byte> data = file.Slice(offset + SectionHeaderSize, (int)length);
                string error = null;
                if (IsName(header, "NAME")) Name = ReadString(data);
                else if (IsName(header, "PTSZ")) PointSize = ReadUInt16(header, data, ref error);
                else if (IsName(header, "MAXW")) { MaxWidth = ReadUInt16(header, data, ref error); haveMaxWidth = true; }
                else if (IsName(header, "MAXH")) { MaxHeight = ReadUInt16(header, data, ref error); haveMaxHeight = true; }
                else if (IsName(header, "ASCE")) { Ascent = ReadUInt16(header, data, ref error); haveAscent = true; }
                else if (IsName(header, "DESC")) { Descent = ReadUInt16(header, data, ref error); haveDescent = true; }
                else if (IsName(header, "CHIX"))
                {
                    if (data.Length % IndexEntrySize != 0) error = "character index is not a whole number of 9-byte entries";
                    _indexOffset = offset + SectionHeaderSize;
                    GlyphCount = data.Length / IndexEntrySize;
                    haveIndex = true;
                }
                if (error != null) return error;
                offset += SectionHeaderSize + (int)length;
            }
            if (!haveIndex) return "no CHIX section";
            if (!haveAscent) return "no ASCE section";
            if (!haveDescent) return "no DESC section";
            if (!haveMaxWidth) return "no MAXW section";
            if (!haveMaxHeight) return "no MAXH section";
            return null;
        }

        // Lookups binary-search the index and trust each glyph's bounds: check both once, here.
        private string CheckIndex()
        {
            ReadOnlySpan<byte> index = File.Slice(_indexOffset, GlyphCount * IndexEntrySize);
            for (int i = 0; i < GlyphCount; i++)
            {
                ReadOnlySpan<byte> entry = index.Slice(i * IndexEntrySize);
                uint code = BinaryPrimitives.ReadUInt32BigEndian(entry);
                if (i > 0 && code <= BinaryPrimitives.ReadUInt32BigEndian(index.Slice((i - 1) * IndexEntrySize)))
                    return string.Concat("character index is not sorted at entry ", i.ToString());
                if (!TryReadGlyph(File, BinaryPrimitives.ReadUInt32BigEndian(entry.Slice(5)), out _))
                    return string.Concat("glyph for code point ", code.ToString(), " lies outside the file");
            }
            return null;
        }

        private static bool TryReadGlyph(ReadOnlySpan<byte> file, uint offset, out Glyph glyph)
        {
            glyph = default;
            if (offset > (uint)file.Length || (uint)file.Length - offset < GlyphHeaderSize) return false;
            ReadOnlySpan<byte> header = file.Slice((int)offset, GlyphHeaderSize);
            int width = BinaryPrimitives.ReadUInt16BigEndian(header);
            int height = BinaryPrimitives.ReadUInt16BigEndian(header.Slice(2));
            int bitmapBytes = (int)(((long)width * height + 7) / 8);
            ReadOnlySpan<byte> rest = file.Slice((int)offset + GlyphHeaderSize);
            if (bitmapBytes > rest.Length) return false;
            glyph = new Glyph(width, height,
                BinaryPrimitives.ReadInt16BigEndian(header.Slice(4)),
                BinaryPrimitives.ReadInt16BigEndian(header.Slice(6)),
                BinaryPrimitives.ReadInt16BigEndian(header.Slice(8)),
                rest.Slice(0, bitmapBytes));
            return true;
        }

        private static int ReadUInt16(ReadOnlySpan<byte> header, ReadOnlySpan<byte> data, ref string error)
        {
            if (data.Length == 2) return BinaryPrimitives.ReadUInt16BigEndian(data);
            error = string.Concat("section ", SectionName(header), " has length ", data.Length.ToString(), ", expected 2");
            return 0;
        }

        private static bool IsName(ReadOnlySpan<byte> header, string name)
        {
            for (int i = 0; i < 4; i++)
                if (header[i] != name[i]) return false;
            return true;
        }

        // Section names are 4 ASCII letters; a corrupt one shows '?' for each unprintable byte.
        private static string SectionName(ReadOnlySpan<byte> header)
        {
            char[] chars = new char[4];
            for (int i = 0; i < 4; i++) chars[i] = header[i] >= 0x20 && header[i] < 0x7F ? (char)header[i] : '?';
            return new string(chars);
        }

        private static string ReadString(ReadOnlySpan<byte> bytes)
        {
            int length = bytes.IndexOf((byte)0);
            if (length < 0) length = bytes.Length;
            char[] chars = new char[length];
            for (int i = 0; i < length; i++) chars[i] = (char)bytes[i];
            return new string(chars);
        }
    }
}
