using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Lunix.Kernel.Console;
using Xunit;
using Lunix.Fonts;

namespace Lunix.Tests.Hosted
{
    public unsafe class Pf2FontTests
    {
        private const string GrubAsciiFont = "/usr/share/grub/ascii.pf2";

        private static bool TryParse(byte[] file, out Pf2Font font, out string error)
            => Pf2Font.TryParse(PinnedBytes.Copy(file), file.Length, out font, out error);

        private static Pf2Font Parse(byte[] file)
        {
            Assert.True(TryParse(file, out Pf2Font font, out string error), error);
            Assert.Null(error);
            return font;
        }

        private static string Error(byte[] file)
        {
            Assert.False(TryParse(file, out Pf2Font font, out string error));
            Assert.Null(font);
            Assert.False(string.IsNullOrEmpty(error));
            return error;
        }

        private static string Picture(Glyph glyph)
        {
            var rows = new StringBuilder();
            for (int y = 0; y < glyph.Height; y++)
            {
                for (int x = 0; x < glyph.Width; x++) rows.Append(glyph.IsSet(x, y) ? '#' : '.');
                rows.Append('\n');
            }
            return rows.ToString();
        }

        [FactRequiringFile(GrubAsciiFont)]
        public void ParsesGrubsAsciiFont()
        {
            Pf2Font font = Parse(File.ReadAllBytes(GrubAsciiFont));
            Assert.Equal("Unifont Regular 16", font.Name);
            Assert.Equal(16, font.PointSize);
            Assert.Equal(16, font.MaxHeight);
            Assert.Equal(14, font.Ascent);
            Assert.Equal(2, font.Descent);
            Assert.InRange(font.MaxWidth, 8, 16);
            Assert.InRange(font.GlyphCount, 95, 1000);
        }

        [FactRequiringFile(GrubAsciiFont)]
        public void CapitalAHasItsShape()
        {
            Pf2Font font = Parse(File.ReadAllBytes(GrubAsciiFont));
            Assert.True(font.TryGetGlyph('A', out Glyph a));
            Assert.Equal(8, a.DeviceWidth);
            Assert.InRange(a.Width, 4, 8);
            Assert.InRange(a.Height, 8, 16);
            Assert.True(a.Height + a.OffsetY <= font.Ascent);
            Assert.True(a.OffsetY >= -font.Descent);
            // The crossbar: a full row of set pixels somewhere below the top.
            string picture = Picture(a);
            Assert.Contains(new string('#', a.Width), picture);
            // A's apex is narrow: the top row has set pixels but neither corner.
            Assert.False(a.IsSet(0, 0));
            Assert.False(a.IsSet(a.Width - 1, 0));
            Assert.Contains('#', picture.Split('\n')[0]);
            // Unifont's A, as GRUB ships it: apex pixels 2 and 3 of the top row, crossbar on row 5.
            Assert.True(a.IsSet(2, 0) && a.IsSet(3, 0));
            Assert.Equal("######", picture.Split('\n')[5]);
            // Both legs reach the bottom row.
            Assert.True(a.IsSet(0, a.Height - 1));
            Assert.True(a.IsSet(a.Width - 1, a.Height - 1));
        }

        [FactRequiringFile(GrubAsciiFont)]
        public void PrintableAsciiIsAllThere()
        {
            Pf2Font font = Parse(File.ReadAllBytes(GrubAsciiFont));
            for (uint c = 0x20; c < 0x7F; c++)
            {
                Assert.True(font.TryGetGlyph(c, out Glyph glyph), $"U+{c:X4}");
                Assert.True(glyph.DeviceWidth > 0);
            }
            Assert.True(font.TryGetGlyph(' ', out Glyph space));
            Assert.DoesNotContain('#', Picture(space));
            Assert.False(font.TryGetGlyph(0x4E00, out _));
            Assert.False(font.TryGetGlyph(uint.MaxValue, out _));
        }

        [FactRequiringFile(GrubAsciiFont)]
        public void EveryTruncationOfTheRealFontIsAnErrorNotAFault()
        {
            byte[] file = File.ReadAllBytes(GrubAsciiFont);
            for (int length = 0; length < file.Length; length++)
            {
                bool ok = Pf2Font.TryParse(PinnedBytes.Copy(file.AsSpan(0, length)), length, out Pf2Font font, out string error);
                // Cut inside the last glyph's bitmap or earlier: some glyph no longer fits.
                Assert.False(ok, $"length {length}");
                Assert.NotNull(error);
            }
        }

        [Fact]
        public void SyntheticFontGlyphs()
        {
            Pf2Font font = Parse(new Pf2Writer().Build());
            Assert.Equal("Test 8", font.Name);
            Assert.Equal(8, font.PointSize);
            Assert.Equal(6, font.Ascent);
            Assert.Equal(2, font.Descent);
            Assert.Equal(2, font.GlyphCount);

            Assert.True(font.TryGetGlyph('L', out Glyph l));
            Assert.Equal((3, 5, 1, 0, 5), (l.Width, l.Height, l.OffsetX, l.OffsetY, l.DeviceWidth));
            Assert.Equal("#..\n#..\n#..\n#..\n###\n", Picture(l));

            Assert.True(font.TryGetGlyph('g', out Glyph g));
            Assert.Equal((-1, -2), (g.OffsetX, g.OffsetY));
            Assert.Equal("##\n.#\n##\n", Picture(g));
            Assert.False(font.TryGetGlyph('A', out _));
        }

        [Fact]
        public void IsSetOutsideTheBitmapIsFalse()
        {
            Pf2Font font = Parse(new Pf2Writer().Build());
            Assert.True(font.TryGetGlyph('L', out Glyph l));
            Assert.False(l.IsSet(-1, 0));
            Assert.False(l.IsSet(0, -1));
            Assert.False(l.IsSet(3, 4));
            Assert.False(l.IsSet(0, 5));
        }

        [Fact]
        public void DataSectionWithAnExplicitLengthAlsoWorks()
        {
            Assert.Equal(2, Parse(new Pf2Writer { DataLength = 0 }.Build()).GlyphCount);
        }

        [Fact]
        public void UnknownSectionsAreSkipped()
        {
            var writer = new Pf2Writer();
            writer.Extra.Add(("XTRA", new byte[] { 1, 2, 3 }));
            Assert.Equal(2, Parse(writer.Build()).GlyphCount);
        }

        [Fact]
        public void NotAPf2File()
        {
            const string error = "not a PFF2 font: no FILE section holding PFF2";
            Assert.Equal(error, Error(new byte[0]));
            Assert.Equal(error, Error(Encoding.ASCII.GetBytes("FILE\0\0\0\x04PFF1")));
            Assert.Equal(error, Error(Encoding.ASCII.GetBytes("FILE\0\0\0\x05PFF2\0")));
            Assert.Equal(error, Error(Encoding.ASCII.GetBytes("PSF2 is another format")));
        }

        [Fact]
        public void NoDataSection()
        {
            Assert.Equal("no DATA section", Error(Encoding.ASCII.GetBytes("FILE\0\0\0\x04PFF2")));
            // Without DATA, the first glyph's header is read as a section header, and does not fit.
            Assert.Matches(@"^section \?\?\?\? at offset \d+ overruns the file$", Error(new Pf2Writer { OmitData = true }.Build()));
        }

        [Fact]
        public void SectionOverrunningTheFile()
        {
            byte[] file = Encoding.ASCII.GetBytes("FILE\0\0\0\x04PFF2NAME\0\0\x01\0abc");
            Assert.Equal("section NAME at offset 12 overruns the file", Error(file));
        }

        [Fact]
        public void MetricWithWrongLength()
        {
            var writer = new Pf2Writer();
            writer.Extra.Add(("ASCE", new byte[] { 0, 0, 6 }));
            Assert.Equal("section ASCE has length 3, expected 2", Error(writer.Build()));
        }

        [Theory]
        [InlineData("CHIX")]
        [InlineData("ASCE")]
        [InlineData("DESC")]
        [InlineData("MAXW")]
        [InlineData("MAXH")]
        public void RequiredSectionMissing(string name)
        {
            Assert.Equal($"no {name} section", Error(new Pf2Writer { Omit = name }.Build()));
        }

        [Fact]
        public void IndexNotAWholeNumberOfEntries()
        {
            Assert.Equal("character index is not a whole number of 9-byte entries", Error(new Pf2Writer { IndexPadding = 4 }.Build()));
        }

        [Fact]
        public void IndexNotSorted()
        {
            Assert.Equal("character index is not sorted at entry 1", Error(new Pf2Writer { ReverseIndex = true }.Build()));
        }

        [Fact]
        public void GlyphOffsetOutsideTheFile()
        {
            Assert.Equal("glyph for code point 103 lies outside the file", Error(new Pf2Writer { LastGlyphOffset = 0xFFFFFFF0 }.Build()));
        }

        [Fact]
        public void GlyphBitmapCutShort()
        {
            byte[] file = new Pf2Writer().Build();
            Assert.Equal("glyph for code point 103 lies outside the file", Error(file.AsSpan(0, file.Length - 1).ToArray()));
        }

        // Builds a small PFF2 font with two glyphs, 'L' and 'g', and optional defects.
        private sealed class Pf2Writer
        {
            public uint DataLength { get; set; } = 0xFFFFFFFF;
            public bool OmitData { get; set; }
            public string Omit { get; set; }
            public int IndexPadding { get; set; }
            public bool ReverseIndex { get; set; }
            public uint? LastGlyphOffset { get; set; }
            public List<(string Name, byte[] Data)> Extra { get; } = new List<(string, byte[])>();

            private static readonly (uint Code, ushort Width, ushort Height, short X, short Y, short Advance, string Rows)[] Glyphs =
            {
                ('L', 3, 5, 1, 0, 5, "#..#..#..#..###"),
                ('g', 2, 3, -1, -2, 3, "##.###"),
            };

            public byte[] Build()
            {
                var sections = new List<(string Name, byte[] Data)>
                {
                    ("NAME", Encoding.ASCII.GetBytes("Test 8\0")),
                    ("FAMI", Encoding.ASCII.GetBytes("Test\0")),
                    ("PTSZ", U16(8)),
                    ("MAXW", U16(3)),
                    ("MAXH", U16(5)),
                    ("ASCE", U16(6)),
                    ("DESC", U16(2)),
                };
                sections.AddRange(Extra);
                sections.RemoveAll(s => s.Name == Omit);
                int indexLength = Omit == "CHIX" ? 0 : Glyphs.Length * 9 + IndexPadding;
                int headerBytes = 12;
                foreach (var s in sections) headerBytes += 8 + s.Data.Length;
                if (Omit != "CHIX") headerBytes += 8 + indexLength;
                int dataStart = headerBytes + (OmitData ? 0 : 8);

                var glyphBytes = new List<byte>();
                var offsets = new List<uint>();
                foreach (var glyph in Glyphs)
                {
                    offsets.Add((uint)(dataStart + glyphBytes.Count));
                    glyphBytes.AddRange(U16(glyph.Width));
                    glyphBytes.AddRange(U16(glyph.Height));
                    glyphBytes.AddRange(U16((ushort)glyph.X));
                    glyphBytes.AddRange(U16((ushort)glyph.Y));
                    glyphBytes.AddRange(U16((ushort)glyph.Advance));
                    glyphBytes.AddRange(Bits(glyph.Rows));
                }
                if (LastGlyphOffset is uint bad) offsets[^1] = bad;

                var file = new List<byte>();
                file.AddRange(Encoding.ASCII.GetBytes("FILE"));
                file.AddRange(U32(4));
                file.AddRange(Encoding.ASCII.GetBytes("PFF2"));
                foreach (var s in sections) Section(file, s.Name, s.Data);
                if (Omit != "CHIX")
                {
                    var index = new List<byte>();
                    var order = new List<int> { 0, 1 };
                    if (ReverseIndex) order.Reverse();
                    foreach (int i in order)
                    {
                        index.AddRange(U32(Glyphs[i].Code));
                        index.Add(0);
                        index.AddRange(U32(offsets[i]));
                    }
                    index.AddRange(new byte[IndexPadding]);
                    Section(file, "CHIX", index.ToArray());
                }
                if (!OmitData)
                {
                    file.AddRange(Encoding.ASCII.GetBytes("DATA"));
                    file.AddRange(U32(DataLength == 0 ? (uint)glyphBytes.Count : DataLength));
                }
                file.AddRange(glyphBytes);
                return file.ToArray();
            }

            private static void Section(List<byte> file, string name, byte[] data)
            {
                file.AddRange(Encoding.ASCII.GetBytes(name));
                file.AddRange(U32((uint)data.Length));
                file.AddRange(data);
            }

            // Row-major bits, most significant first, rows not padded: the PFF2 bitmap layout.
            private static byte[] Bits(string rows)
            {
                var bytes = new byte[(rows.Length + 7) / 8];
                for (int i = 0; i < rows.Length; i++)
                    if (rows[i] == '#') bytes[i / 8] |= (byte)(0x80 >> (i % 8));
                return bytes;
            }

            private static byte[] U16(ushort value) { var b = new byte[2]; BinaryPrimitives.WriteUInt16BigEndian(b, value); return b; }
            private static byte[] U32(uint value) { var b = new byte[4]; BinaryPrimitives.WriteUInt32BigEndian(b, value); return b; }
        }
    }
}
