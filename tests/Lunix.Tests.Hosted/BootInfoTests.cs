using System;
using System.Buffers.Binary;
using System.Text;
using Lunix.Kernel.Boot;
using Xunit;

namespace Lunix.Tests.Hosted
{
    public class BootInfoTests
    {
        // What GRUB passes when SeaBIOS boots the ISO in QEMU with 128 MiB: VGA text mode and an
        // ACPI 1.0 RSDP, plus tags the kernel skips (boot device 5, APM 10).
        private static MultibootImage BiosImage() => new MultibootImage()
            .CommandLine("poweroff timer_hz=250")
            .BootLoaderName("GRUB 2.12-1")
            .Module(0x0010A000, 0x0015C3A8, "symbols")
            .Module(0x0015D000, 0x0015E38C, "font")
            .BasicMemory(639, 129920)
            .Tag(5, MultibootImage.Concat(MultibootImage.U32(0xE0), MultibootImage.U32(0xFFFFFFFF), MultibootImage.U32(0xFFFFFFFF)))
            .MemoryMap(
                (0x0, 0x9FC00, 1),
                (0x9FC00, 0x400, 2),
                (0xF0000, 0x10000, 2),
                (0x100000, 0x7EE0000, 1),
                (0x7FE0000, 0x20000, 2),
                (0xFFFC0000, 0x40000, 2))
            .Tag(10, new byte[12])
            .EgaTextFramebuffer()
            .OldRsdp()
            .End();

        // What GRUB passes when OVMF boots the ISO: an RGB framebuffer, both RSDPs, the EFI system
        // table, and the EFI memory map (17), which the kernel skips.
        private static MultibootImage UefiImage() => new MultibootImage()
            .CommandLine("test crash=gp")
            .BootLoaderName("GRUB 2.12-1")
            .Module(0x7E5E000, 0x7EB1000, "symbols")
            .BasicMemory(640, 2087936)
            .MemoryMap(
                (0x0, 0xA0000, 1),
                (0x100000, 0x700000, 1),
                (0x800000, 0x8000, 4),
                (0x808000, 0x3000, 1),
                (0x80B000, 0x1000, 4),
                (0x80C000, 0x5000, 1),
                (0x811000, 0xEF000, 4),
                (0x900000, 0x7A7E000, 1),
                (0x7F7E000, 0x4000, 3),
                (0x7F82000, 0x7E000, 2),
                (0xFFC00000, 0x400000, 2),
                (0x100000000, 0x80000000, 1))
            .RgbFramebuffer(0x80000000, 5120, 1280, 800)
            .Efi64SystemTable(0x7F9EE018)
            .Tag(17, new byte[16 + 48])
            .OldRsdp()
            .NewRsdp()
            .End();

        private static BootInfo Parse(byte[] image)
        {
            Assert.True(BootInfo.TryParse(image, out BootInfo info, out string error), error);
            Assert.Null(error);
            return info;
        }

        private static string Error(byte[] image)
        {
            Assert.False(BootInfo.TryParse(image, out BootInfo info, out string error));
            Assert.Null(info);
            Assert.False(string.IsNullOrEmpty(error));
            return error;
        }

        [Fact]
        public void BiosBoot()
        {
            byte[] image = BiosImage().Build();
            BootInfo info = Parse(image);
            Assert.Equal("poweroff timer_hz=250", info.CommandLine);
            Assert.Equal("GRUB 2.12-1", info.BootLoaderName);
            Assert.False(info.IsUefiBoot);
            Assert.True(info.HasBasicMemory);
            Assert.Equal(639u, info.LowerMemoryKiB);
            Assert.Equal(129920u, info.UpperMemoryKiB);

            Assert.Equal(2, info.Modules.Length);
            Assert.Equal(0x10A000UL, info.Modules[0].Start);
            Assert.Equal(0x15C3A8UL, info.Modules[0].End);
            Assert.Equal("symbols", info.Modules[0].Name);
            Assert.Equal("font", info.Modules[1].Name);

            Assert.Equal(6, info.MemoryMap.Length);
            Assert.Equal(0x100000UL, info.MemoryMap[3].Base);
            Assert.Equal(0x7EE0000UL, info.MemoryMap[3].Length);
            Assert.Equal(MemoryRegionType.Available, info.MemoryMap[3].Type);
            Assert.Equal(MemoryRegionType.Reserved, info.MemoryMap[5].Type);
            Assert.Equal(0xFFFC0000UL, info.MemoryMap[5].Base);

            Framebuffer fb = info.Framebuffer;
            Assert.True(fb.IsPresent);
            Assert.Equal(FramebufferKind.EgaText, fb.Kind);
            Assert.Equal(0xB8000UL, fb.Address);
            Assert.Equal(160u, fb.Pitch);
            Assert.Equal(80u, fb.Width);
            Assert.Equal(25u, fb.Height);
            Assert.Equal(16, fb.BitsPerPixel);

            AcpiRsdp rsdp = info.Rsdp;
            Assert.True(rsdp.IsPresent);
            Assert.False(rsdp.IsExtended);
            Assert.Equal(20, rsdp.Length);
            Assert.Equal("RSD PTR ", Encoding.ASCII.GetString(image, rsdp.Offset, 8));
            Assert.Equal(0, image[rsdp.Offset + 15]);
        }

        [Fact]
        public void UefiBoot()
        {
            byte[] image = UefiImage().Build();
            BootInfo info = Parse(image);
            Assert.Equal("test crash=gp", info.CommandLine);
            Assert.True(info.IsUefiBoot);
            Assert.Equal(0x7F9EE018UL, info.EfiSystemTable);
            Assert.Single(info.Modules);

            Assert.Equal(12, info.MemoryMap.Length);
            Assert.Equal(MemoryRegionType.AcpiNvs, info.MemoryMap[2].Type);
            Assert.Equal(MemoryRegionType.AcpiReclaimable, info.MemoryMap[8].Type);
            Assert.Equal(0x100000000UL, info.MemoryMap[11].Base);
            Assert.Equal(0x80000000UL, info.MemoryMap[11].Length);

            Framebuffer fb = info.Framebuffer;
            Assert.True(fb.IsPresent);
            Assert.Equal(FramebufferKind.Rgb, fb.Kind);
            Assert.Equal(0x80000000UL, fb.Address);
            Assert.Equal(5120u, fb.Pitch);
            Assert.Equal(1280u, fb.Width);
            Assert.Equal(800u, fb.Height);
            Assert.Equal(32, fb.BitsPerPixel);
            Assert.Equal((16, 8, 8, 8, 0, 8), (fb.RedPosition, fb.RedSize, fb.GreenPosition, fb.GreenSize, fb.BluePosition, fb.BlueSize));

            // Both RSDPs are present: the ACPI 2.0 one, which leads to the XSDT, wins.
            AcpiRsdp rsdp = info.Rsdp;
            Assert.True(rsdp.IsPresent);
            Assert.True(rsdp.IsExtended);
            Assert.Equal(36, rsdp.Length);
            Assert.Equal("RSD PTR ", Encoding.ASCII.GetString(image, rsdp.Offset, 8));
            Assert.Equal(2, image[rsdp.Offset + 15]);
            Assert.Equal(36u, BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(rsdp.Offset + 20)));
        }

        [Fact]
        public void ExtendedRsdpWinsWhicheverComesFirst()
        {
            BootInfo info = Parse(new MultibootImage().NewRsdp().OldRsdp().End().Build());
            Assert.True(info.Rsdp.IsExtended);
            Assert.Equal(36, info.Rsdp.Length);
        }

        [Fact]
        public void IndexedFramebufferPointsAtItsPalette()
        {
            byte[] image = new MultibootImage().IndexedFramebuffer((0, 0, 0), (0xAA, 0x55, 0x11)).End().Build();
            Framebuffer fb = Parse(image).Framebuffer;
            Assert.Equal(FramebufferKind.Indexed, fb.Kind);
            Assert.Equal(2, fb.PaletteColors);
            Assert.Equal(new byte[] { 0xAA, 0x55, 0x11 }, image.AsSpan(fb.PaletteOffset + 3, 3).ToArray());
        }

        [Fact]
        public void OnlyAnEndTagGivesEmptyDefaults()
        {
            BootInfo info = Parse(new MultibootImage().End().Build());
            Assert.Equal("", info.CommandLine);
            Assert.Equal("", info.BootLoaderName);
            Assert.Empty(info.Modules);
            Assert.Empty(info.MemoryMap);
            Assert.False(info.HasBasicMemory);
            Assert.False(info.Framebuffer.IsPresent);
            Assert.False(info.Rsdp.IsPresent);
            Assert.False(info.IsUefiBoot);
        }

        [Fact]
        public void BytesAfterTotalSizeAreIgnored()
        {
            byte[] image = BiosImage().Build();
            byte[] longer = new byte[image.Length + 64];
            image.CopyTo(longer, 0);
            longer.AsSpan(image.Length).Fill(0xFF);
            Assert.Equal("poweroff timer_hz=250", Parse(longer).CommandLine);
        }

        [Fact]
        public void TagsAfterTheEndTagAreIgnored()
        {
            BootInfo info = Parse(new MultibootImage().End().CommandLine("late").Build());
            Assert.Equal("", info.CommandLine);
        }

        [Fact]
        public void StringWithoutTerminatorEndsWithItsTag()
        {
            Assert.Equal("abc", Parse(new MultibootImage().Tag(1, Encoding.ASCII.GetBytes("abc")).End().Build()).CommandLine);
        }

        [Fact]
        public void UnknownMemoryTypesAndLargerEntriesAreKept()
        {
            BootInfo info = Parse(new MultibootImage().MemoryMap(32, (0x1000, 0x2000, 7), (0x4000, 0x1000, 1)).End().Build());
            Assert.Equal(2, info.MemoryMap.Length);
            Assert.Equal((MemoryRegionType)7, info.MemoryMap[0].Type);
            Assert.Equal(0x4000UL, info.MemoryMap[1].Base);
        }

        [Fact]
        public void TooShortForTheHeader()
        {
            Assert.Equal("boot information is shorter than its 8-byte header", Error(new byte[7]));
        }

        [Fact]
        public void TruncatedImage()
        {
            byte[] image = BiosImage().Build();
            string error = Error(image.AsSpan(0, image.Length - 40).ToArray());
            Assert.Equal($"total size {image.Length} exceeds the {image.Length - 40} bytes available", error);
        }

        [Fact]
        public void TotalSizeTooSmallForAnEndTag()
        {
            byte[] image = new MultibootImage().End().Build();
            BinaryPrimitives.WriteUInt32LittleEndian(image, 8);
            Assert.Contains("leaves no room for the end tag", Error(image));
        }

        [Fact]
        public void TagOverrunningTheStructure()
        {
            var writer = new MultibootImage().CommandLine("x").RawTag(6, 400, new byte[24]).End();
            byte[] image = writer.Build();
            Assert.Equal($"tag 6 at offset {writer.TagOffsets[1]}: size 400 overruns the structure (total size {image.Length})", Error(image));
        }

        [Fact]
        public void TagSmallerThanItsHeader()
        {
            Assert.Contains("size 4 is smaller than a tag header", Error(new MultibootImage().RawTag(1, 4, new byte[0]).End().Build()));
        }

        [Fact]
        public void MissingEndTag()
        {
            Assert.Equal("no end tag", Error(new MultibootImage().CommandLine("poweroff").BootLoaderName("GRUB").Build()));
        }

        [Fact]
        public void EndTagWithWrongSize()
        {
            Assert.Contains("end tag has size 16, expected 8", Error(new MultibootImage().Tag(0, new byte[8]).Build()));
        }

        [Theory]
        [InlineData(0u)]
        [InlineData(20u)]
        [InlineData(28u)]
        public void BadMemoryMapEntrySize(uint entrySize)
        {
            var writer = new MultibootImage().RawTag(6, 16 + 48, MultibootImage.Concat(MultibootImage.U32(entrySize), MultibootImage.U32(0), new byte[48])).End();
            Assert.Equal($"tag 6 at offset 8: memory map entry size {entrySize} is not a multiple of 8 of at least 24", Error(writer.Build()));
        }

        [Fact]
        public void MemoryMapNotAWholeNumberOfEntries()
        {
            var writer = new MultibootImage().Tag(6, MultibootImage.Concat(MultibootImage.U32(24), MultibootImage.U32(0), new byte[30])).End();
            Assert.Contains("memory map of 30 bytes is not a whole number of 24-byte entries", Error(writer.Build()));
        }

        [Fact]
        public void RgbFramebufferWithoutColourFields()
        {
            var writer = new MultibootImage().Tag(8, MultibootImage.FramebufferCommon(0x80000000, 4096, 1024, 768, 32, 1)).End();
            Assert.Contains("tag 8 at offset 8: size 32 is smaller than the 38 bytes its fields need", Error(writer.Build()));
        }

        [Fact]
        public void PaletteLongerThanItsTag()
        {
            byte[] fields = MultibootImage.Concat(MultibootImage.FramebufferCommon(0xA0000, 320, 320, 200, 8, 0), MultibootImage.U16(256), new byte[9]);
            Assert.Contains("smaller than the 802 bytes", Error(new MultibootImage().Tag(8, fields).End().Build()));
        }

        [Fact]
        public void FramebufferTagTooShort()
        {
            Assert.Contains("smaller than the 32 bytes", Error(new MultibootImage().Tag(8, new byte[16]).End().Build()));
        }

        [Fact]
        public void ModuleEndingBeforeItStarts()
        {
            Assert.Contains("module ends before it starts", Error(new MultibootImage().Module(0x200000, 0x100000, "x").End().Build()));
        }

        [Theory]
        [InlineData(3u, 4, 16)]
        [InlineData(4u, 4, 16)]
        [InlineData(6u, 4, 16)]
        [InlineData(12u, 4, 16)]
        [InlineData(14u, 12, 28)]
        [InlineData(15u, 28, 44)]
        public void TagsTooShortForTheirFields(uint type, int fieldBytes, int needed)
        {
            string error = Error(new MultibootImage().Tag(type, new byte[fieldBytes]).End().Build());
            Assert.Equal($"tag {type} at offset 8: size {8 + fieldBytes} is smaller than the {needed} bytes its fields need", error);
        }

        // Whatever the bytes, parsing answers with a result or an error: never an exception.
        [Fact]
        public void EveryTruncationIsAnErrorNotAFault()
        {
            byte[] image = UefiImage().Build();
            for (int length = 0; length < image.Length; length++)
            {
                byte[] prefix = image.AsSpan(0, length).ToArray();
                if (length >= 4) BinaryPrimitives.WriteUInt32LittleEndian(prefix, (uint)length);
                Assert.False(BootInfo.TryParse(prefix, out _, out string error));
                Assert.NotNull(error);
            }
        }

        [Fact]
        public void RandomCorruptionNeverFaults()
        {
            byte[] original = BiosImage().Build();
            var random = new Random(1234);
            for (int round = 0; round < 20000; round++)
            {
                byte[] image = (byte[])original.Clone();
                int flips = random.Next(1, 4);
                for (int i = 0; i < flips; i++) image[random.Next(image.Length)] = (byte)random.Next(256);
                bool ok = BootInfo.TryParse(image, out BootInfo info, out string error);
                Assert.Equal(ok, info != null);
                Assert.Equal(ok, error == null);
            }
        }
    }
}
