using System;
using Lunix.Drivers.Storage.Filter;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The filter driver's pure parts: where data sectors and their checksums lie on the disk,
    // the checksums themselves (a never-written disk checks out), and the disk names it takes.
    public class FilterLayoutTests
    {
        [Fact]
        public void Data_sectors_skip_one_checksum_sector_in_every_128()
        {
            Assert.Equal(0UL, ChecksumLayout.DiskSector(0));
            Assert.Equal(126UL, ChecksumLayout.DiskSector(126));
            Assert.Equal(128UL, ChecksumLayout.DiskSector(127));
            Assert.Equal(127UL, ChecksumLayout.ChecksumSector(0));
            Assert.Equal(127UL, ChecksumLayout.ChecksumSector(126));
            Assert.Equal(255UL, ChecksumLayout.ChecksumSector(127));
            Assert.Equal(0, ChecksumLayout.Slot(127));
            Assert.Equal(126, ChecksumLayout.Slot(253));
            // Every data sector maps to a different disk sector, never a checksum sector.
            var seen = new bool[4 * 128];
            for (ulong s = 0; s < 4 * 127; s++)
            {
                ulong disk = ChecksumLayout.DiskSector(s);
                Assert.False(seen[disk]);
                Assert.NotEqual(127UL, disk % 128);
                seen[disk] = true;
            }
        }

        [Theory]
        [InlineData(0UL, 0UL)]
        [InlineData(127UL, 0UL)]
        [InlineData(128UL, 127UL)]
        [InlineData(255UL, 127UL)]
        [InlineData(16384UL, 16256UL)]
        public void Only_whole_groups_are_data(ulong diskSectors, ulong dataSectors) =>
            Assert.Equal(dataSectors, ChecksumLayout.DataSectors(diskSectors));

        [Theory]
        [InlineData(0UL, 500, 127)]
        [InlineData(0UL, 5, 5)]
        [InlineData(120UL, 500, 7)]
        [InlineData(126UL, 2, 1)]
        [InlineData(127UL, 300, 127)]
        public void A_run_ends_at_its_groups_end(ulong first, int wanted, int run) =>
            Assert.Equal(run, ChecksumLayout.RunLength(first, wanted));

        [Fact]
        public void A_zeroed_sector_checks_out_against_a_zeroed_checksum_and_damage_does_not()
        {
            var sector = new byte[512];
            var sums = new byte[512];
            Assert.Equal(0u, SectorChecksums.Of(sector));
            Assert.True(SectorChecksums.Matches(sector, 0, sums, 5));
            sector[100] = 1;
            Assert.False(SectorChecksums.Matches(sector, 0, sums, 5));
            SectorChecksums.Store(sums, 5, SectorChecksums.Of(sector));
            Assert.True(SectorChecksums.Matches(sector, 0, sums, 5));
            Assert.Equal(SectorChecksums.Of(sector), SectorChecksums.Stored(sums, 5));
            sector[511] ^= 0x80;
            Assert.False(SectorChecksums.Matches(sector, 0, sums, 5));
        }

        [Fact]
        public void The_checksum_is_zlibs_crc32_of_the_sector_against_a_zeroed_ones()
        {
            var sector = new byte[512];
            new Random(5).NextBytes(sector);
            Assert.Equal(ZlibCrc32(sector) ^ ZlibCrc32(new byte[512]), SectorChecksums.Of(sector));
        }

        [Theory]
        [InlineData("hda", 0)]
        [InlineData("hdb", 16)]
        [InlineData("hdd", 48)]
        [InlineData("hdb1", 17)]
        [InlineData("hdc15", 47)]
        [InlineData("hde", -1)]
        [InlineData("hdb16", -1)]
        [InlineData("hdb0", -1)]
        [InlineData("hdb01", -1)]
        [InlineData("sda", -1)]
        [InlineData("hd", -1)]
        [InlineData("hdax", -1)]
        public void Disk_names_are_the_ata_drivers_minors(string name, int minor) => Assert.Equal(minor, DiskNames.AtaMinor(name));

        private static uint ZlibCrc32(ReadOnlySpan<byte> bytes)
        {
            uint crc = 0xFFFFFFFF;
            foreach (byte b in bytes)
            {
                crc ^= b;
                for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
            return ~crc;
        }
    }
}
