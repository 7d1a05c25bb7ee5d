using System;
using System.Buffers.Binary;
using Lunix.BlockDriver;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // PartitionTable (Libs/BlockDriver/PartitionTable.cs) over disk images built here: Linux's
    // numbering of MBR primary, extended and logical partitions and of GPT entries, and every
    // hostile table refused whole (only the drive itself left) with its reason, never a crash.
    public class PartitionTableTests
    {
        private const int Sector = 512;

        private sealed class Image : ISectorReader
        {
            public readonly byte[] Bytes;
            public int Reads;
            public bool Fail;
            public Image(int sectors) => Bytes = new byte[sectors * Sector];
            public ulong Sectors => (ulong)(Bytes.Length / Sector);

            public int ReadSectors(ulong sector, Span<byte> into)
            {
                Reads++;
                if (Fail || sector * Sector + (ulong)into.Length > (ulong)Bytes.Length) return -5;
                Bytes.AsSpan((int)sector * Sector, into.Length).CopyTo(into);
                return 0;
            }
        }

        private static void Mbr(Image image, int sector, params (byte Type, uint Start, uint Sectors)[] entries)
        {
            int at = sector * Sector;
            for (int i = 0; i < entries.Length; i++)
            {
                image.Bytes[at + 446 + 16 * i + 4] = entries[i].Type;
                BinaryPrimitives.WriteUInt32LittleEndian(image.Bytes.AsSpan(at + 446 + 16 * i + 8), entries[i].Start);
                BinaryPrimitives.WriteUInt32LittleEndian(image.Bytes.AsSpan(at + 446 + 16 * i + 12), entries[i].Sectors);
            }
            image.Bytes[at + 510] = 0x55;
            image.Bytes[at + 511] = 0xAA;
        }

        private static string Find(Image image, out Partition[] found)
        {
            found = new Partition[PartitionTable.Slots];
            found[0] = new Partition(0, image.Sectors);
            return PartitionTable.Find(image, image.Sectors, Sector, found, new byte[Sector]);
        }

        private static void AssertOnlyTheDrive(Partition[] found)
        {
            for (int i = 1; i < found.Length; i++) Assert.False(found[i].Present, $"partition {i} survived a refused table");
        }

        [Fact]
        public void Crc32IsIeees()
        {
            Assert.Equal(0xCBF43926u, Crc32.Finish(Crc32.Update(Crc32.Start, "123456789"u8)));
        }

        [Fact]
        public void PrimaryExtendedAndLogicalPartitionsTakeLinuxsNumbers()
        {
            var image = new Image(20000);
            Mbr(image, 0, (0x83, 2048, 4096), (0, 0, 0), (0x05, 6144, 8192), (0x83, 14336, 2048));
            Mbr(image, 6144, (0x83, 2048, 2048), (0x05, 4096, 4096));
            Mbr(image, 6144 + 4096, (0x83, 1024, 2048));
            Assert.Null(Find(image, out var found));
            Assert.Equal(new Partition(2048, 4096), found[1]);
            Assert.False(found[2].Present);                                  // an empty slot keeps its number
            Assert.Equal(new Partition(6144, 2), found[3]);                  // the extended partition: its first 1 KiB
            Assert.Equal(new Partition(14336, 2048), found[4]);
            Assert.Equal(new Partition(6144 + 2048, 2048), found[5]);
            Assert.Equal(new Partition(6144 + 4096 + 1024, 2048), found[6]);
            for (int i = 7; i < found.Length; i++) Assert.False(found[i].Present);
            Assert.Equal(new Partition(0, 20000), found[0]);                 // the caller's, untouched
        }

        [Fact]
        public void ADriveWithoutASignatureHasNoPartitions()
        {
            var image = new Image(100);
            image.Bytes[446 + 4] = 0x83;
            Assert.Null(Find(image, out var found));
            AssertOnlyTheDrive(found);
        }

        [Theory]
        [InlineData(2048u, 30000u, "a primary partition lies outside the drive")]
        [InlineData(0u, 100u, "a primary partition lies outside the drive")]
        [InlineData(4000u, 2000u, "two partitions overlap")]
        public void ABadPrimaryRefusesTheTable(uint start, uint sectors, string reason)
        {
            var image = new Image(20000);
            Mbr(image, 0, (0x83, 2048, 4096), (0x83, start, sectors));
            Assert.Equal(reason, Find(image, out var found));
            AssertOnlyTheDrive(found);
        }

        [Fact]
        public void AnExtendedChainThatLoopsIsRefused()
        {
            var image = new Image(20000);
            Mbr(image, 0, (0x05, 6144, 8192));
            Mbr(image, 6144, (0x83, 2048, 1024), (0x05, 4096, 4096));
            Mbr(image, 6144 + 4096, (0x83, 1024, 1024), (0x05, 0, 4096));     // back to the first record
            Assert.Equal("the extended partition's chain loops", Find(image, out var found));
            AssertOnlyTheDrive(found);
            Assert.True(image.Reads < 10);
        }

        [Theory]
        [InlineData(2048u, 8000u, 0u, "a logical partition lies outside the extended partition")]
        [InlineData(2048u, 1024u, 9000u, "an extended boot record links outside the extended partition")]
        public void ALogicalPartitionOrLinkOutsideTheExtendedOneIsRefused(uint start, uint sectors, uint link, string reason)
        {
            var image = new Image(20000);
            Mbr(image, 0, (0x05, 6144, 8192));
            if (link == 0) Mbr(image, 6144, (0x83, start, sectors));
            else Mbr(image, 6144, (0x83, start, sectors), (0x05, link, 100));
            Assert.Equal(reason, Find(image, out var found));
            AssertOnlyTheDrive(found);
        }

        [Fact]
        public void TwoExtendedPartitionsAreRefused()
        {
            var image = new Image(20000);
            Mbr(image, 0, (0x05, 2048, 2048), (0x0F, 6144, 2048));
            Assert.Equal("two extended partitions", Find(image, out var found));
            AssertOnlyTheDrive(found);
        }

        [Fact]
        public void AnUnreadableDriveRefusesTheTable()
        {
            var image = new Image(100) { Fail = true };
            Assert.NotNull(Find(image, out var found));
            AssertOnlyTheDrive(found);
        }

        // A GPT disk as sgdisk makes one: protective MBR, header at 1, 128 entries of 128 bytes at 2..33.
        private static Image Gpt(int sectors, params (int Index, ulong First, ulong Last)[] partitions)
        {
            var image = new Image(sectors);
            Mbr(image, 0, (0xEE, 1, (uint)sectors - 1));
            Span<byte> entries = image.Bytes.AsSpan(2 * Sector, 128 * 128);
            foreach (var (index, first, last) in partitions)
            {
                Span<byte> entry = entries.Slice(index * 128, 128);
                entry[0] = 0xAF;                                            // a type GUID: anything not zero
                entry[16] = (byte)(index + 1);                              // its unique GUID
                BinaryPrimitives.WriteUInt64LittleEndian(entry.Slice(32), first);
                BinaryPrimitives.WriteUInt64LittleEndian(entry.Slice(40), last);
            }
            Span<byte> header = image.Bytes.AsSpan(Sector, Sector);
            "EFI PART"u8.CopyTo(header);
            BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(8), 0x00010000);
            BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(12), 92);
            BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(24), 1);
            BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(32), (ulong)sectors - 1);
            BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(40), 34);
            BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(48), (ulong)sectors - 34);
            BinaryPrimitives.WriteUInt64LittleEndian(header.Slice(72), 2);
            BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(80), 128);
            BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(84), 128);
            Seal(image);
            return image;
        }

        // The CRCs of the entry array and then of the header, over what the image holds now.
        private static void Seal(Image image)
        {
            Span<byte> header = image.Bytes.AsSpan(Sector, Sector);
            BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(88), Crc32.Finish(Crc32.Update(Crc32.Start, image.Bytes.AsSpan(2 * Sector, 128 * 128))));
            BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(16), 0);
            BinaryPrimitives.WriteUInt32LittleEndian(header.Slice(16), Crc32.Finish(Crc32.Update(Crc32.Start, header.Slice(0, 92))));
        }

        [Fact]
        public void GptEntriesTakeTheirIndexAsNumber()
        {
            var image = Gpt(20000, (0, 2048, 4095), (2, 4096, 8191), (14, 10000, 10999), (20, 12000, 12999));
            Assert.Null(Find(image, out var found));
            Assert.Equal(new Partition(2048, 2048), found[1]);
            Assert.False(found[2].Present);
            Assert.Equal(new Partition(4096, 4096), found[3]);
            Assert.Equal(new Partition(10000, 1000), found[15]);            // index 20: past minor 15, not shown
        }

        [Fact]
        public void AGptHeaderWithAWrongCrcIsRefused()
        {
            var image = Gpt(20000, (0, 2048, 4095));
            image.Bytes[Sector + 40] ^= 1;                                   // first usable, after the CRC was taken
            Assert.Equal("the GPT header's CRC is wrong", Find(image, out var found));
            AssertOnlyTheDrive(found);
        }

        [Fact]
        public void AGptEntryArrayWithAWrongCrcIsRefused()
        {
            var image = Gpt(20000, (0, 2048, 4095));
            image.Bytes[2 * Sector + 33] ^= 1;
            Assert.Equal("the GPT entry array's CRC is wrong", Find(image, out var found));
            AssertOnlyTheDrive(found);
        }

        [Theory]
        [InlineData(10ul, 4095ul, "a GPT partition lies outside the usable range")]
        [InlineData(2048ul, 19990ul, "a GPT partition lies outside the usable range")]
        [InlineData(5000ul, 4000ul, "a GPT partition lies outside the usable range")]
        [InlineData(3000ul, 5000ul, "two partitions overlap")]
        public void ABadGptEntryIsRefused(ulong first, ulong last, string reason)
        {
            var image = Gpt(20000, (0, 2048, 4095), (1, first, last));
            Assert.Equal(reason, Find(image, out var found));
            AssertOnlyTheDrive(found);
        }

        [Fact]
        public void AGptHeaderClaimingAHugeEntryArrayIsRefusedWithoutReadingIt()
        {
            var image = Gpt(20000, (0, 2048, 4095));
            BinaryPrimitives.WriteUInt32LittleEndian(image.Bytes.AsSpan(Sector + 80), 0x10000000);
            Seal(image);
            Assert.Equal("the GPT entry count is wrong", Find(image, out var found));
            AssertOnlyTheDrive(found);
            Assert.True(image.Reads <= 2);
        }

        [Fact]
        public void AProtectiveMbrWithoutAGptIsRefused()
        {
            var image = new Image(100);
            Mbr(image, 0, (0xEE, 1, 99));
            Assert.Equal("a protective MBR without a GPT header", Find(image, out var found));
            AssertOnlyTheDrive(found);
        }

        // Random tables of small numbers (so that some land inside the drive): MBRs whose every
        // sector may be an extended boot record, and GPTs with random entries, their CRCs made
        // right most of the time. Never a throw, and whatever is taken lies inside the drive
        // without overlaps.
        [Fact]
        public void RandomTablesNeverYieldPartitionsOutsideTheDriveOrOverlapping()
        {
            var random = new Random(16);
            byte[] types = [0, 0x83, 0x83, 0x05, 0x0F, 0x85, 0x07];
            int taken = 0, refused = 0;
            for (int round = 0; round < 1500; round++)
            {
                bool gpt = round % 3 == 2;
                Image image;
                if (gpt)
                {
                    var entries = new (int, ulong, ulong)[random.Next(1, 6)];
                    for (int e = 0; e < entries.Length; e++)
                    {
                        ulong first = (ulong)random.Next(0, 4200);
                        entries[e] = (random.Next(0, 20), first, first + (ulong)random.Next(-10, 1500));
                    }
                    image = Gpt(4096, entries);
                    if (round % 5 == 0) image.Bytes[2 * Sector + random.Next(0, 128 * 128)] ^= 1;
                }
                else
                {
                    image = new Image(4096);
                    for (int s = 0; s < 4096; s += random.Next(1, 64))
                    {
                        var entries = new (byte, uint, uint)[random.Next(1, 5)];
                        for (int e = 0; e < entries.Length; e++)
                            entries[e] = (types[random.Next(types.Length)], (uint)random.Next(0, 4200), (uint)random.Next(0, 2500));
                        Mbr(image, s, entries);
                    }
                }
                if (Find(image, out var found) != null)
                {
                    refused++;
                    AssertOnlyTheDrive(found);
                    continue;
                }
                for (int i = 1; i < found.Length; i++)
                {
                    if (!found[i].Present) continue;
                    taken++;
                    Assert.True(found[i].End <= image.Sectors, $"round {round}: partition {i} past the end");
                    for (int j = i + 1; j < found.Length; j++)
                        if (found[j].Present && !(!gpt && (IsExtendedStandIn(image, i) || IsExtendedStandIn(image, j))))
                            Assert.False(found[i].Start < found[j].End && found[j].Start < found[i].End, $"round {round}: {i} and {j} overlap");
                }
            }
            Assert.True(taken > 100 && refused > 100, $"taken {taken}, refused {refused}: the random tables did not test both ways");
        }

        private static bool IsExtendedStandIn(Image image, int slot) =>
            slot <= 4 && image.Bytes[446 + 16 * (slot - 1) + 4] is 0x05 or 0x0F or 0x85;
    }
}
