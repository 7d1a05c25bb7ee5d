using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.BlockDriver;
using Lunix.Drivers.Storage.Ata;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The block-driver protocol's rules (Libs/BlockDriver/TransferRules.cs) and what the ATA
    // driver takes from IDENTIFY DEVICE (Drivers/Storage/Ata/AtaIdentity.cs).
    public class TransferRulesTests
    {
        private const int EINVAL = -(int)LinuxErrno.EINVAL, ENXIO = -(int)LinuxErrno.ENXIO, EROFS = -(int)LinuxErrno.EROFS;

        [Theory]
        [InlineData(0ul, 4096ul, 4096ul)]            // inside
        [InlineData(2024ul * 512, 4096ul, 0ul)]      // at the end: nothing
        [InlineData(2000ul * 512, 48ul * 512, 24ul * 512)]   // across the end: cut there
        [InlineData(5000ul * 512, 512ul, 0ul)]       // past the end: nothing
        [InlineData(0ul, 0ul, 0ul)]
        public void ATransferIsCutAtThePartitionsEnd(ulong position, ulong length, ulong moved)
        {
            Assert.Equal(0, TransferRules.Cut(position, length, 512, 2024, out ulong cut));
            Assert.Equal(moved, cut);
        }

        [Theory]
        [InlineData(1ul, 512ul)]
        [InlineData(512ul, 100ul)]
        [InlineData(2048ul, 512ul, 2048)]           // a CD's sectors are 2048 bytes
        public void APartSectorIsInvalid(ulong position, ulong length, int sectorSize = 512)
        {
            Assert.Equal(EINVAL, TransferRules.Cut(position, length, sectorSize, 100, out ulong moved));
            Assert.Equal(0ul, moved);
        }

        [Fact]
        public void MinorsNameADriveAndAPartition()
        {
            Assert.Equal(0, TransferRules.Split(37, 4, out int drive, out int partition));
            Assert.Equal((2, 5), (drive, partition));
            Assert.Equal(ENXIO, TransferRules.Split(64, 4, out _, out _));
            Assert.Equal(ENXIO, TransferRules.Split(-1, 4, out _, out _));
        }

        [Fact]
        public void OpensOfAReadOnlyDriveForWritingAreRefused()
        {
            Assert.Equal(0, TransferRules.Access(BlockAccess.Read, readOnly: true));
            Assert.Equal(EROFS, TransferRules.Access(BlockAccess.Read | BlockAccess.Write, readOnly: true));
            Assert.Equal(0, TransferRules.Access(BlockAccess.Write, readOnly: false));
            Assert.Equal(EINVAL, TransferRules.Access(0, readOnly: false));
            Assert.Equal(EINVAL, TransferRules.Access(8, readOnly: false));
        }

        [Theory]
        [InlineData(0ul, EINVAL)]
        [InlineData(1ul, 0)]
        [InlineData(64ul, 0)]
        [InlineData(65ul, EINVAL)]
        public void AVectorHasOneToSixtyFourElements(ulong elements, int result) =>
            Assert.Equal(result, TransferRules.VectorSize(elements));

        private static byte[] Identify(bool lba48, uint lba28Sectors, ulong lba48Sectors)
        {
            var words = new byte[512];
            words[2 * 49 + 1] = 1 << 1;                                     // word 49 bit 9: LBA
            if (lba48) words[2 * 83 + 1] = 1 << 2;                          // word 83 bit 10: LBA48
            System.BitConverter.TryWriteBytes(words.AsSpan(2 * 60), lba28Sectors);
            System.BitConverter.TryWriteBytes(words.AsSpan(2 * 100), lba48Sectors);
            words[2 * 1] = 16; words[2 * 3] = 16; words[2 * 6] = 63;
            return words;
        }

        [Fact]
        public void IdentifyGivesTheLba48CountWhereTheDriveHasIt()
        {
            Assert.Equal(0, AtaIdentity.Describe(Identify(true, 0x0FFFFFFF, 1ul << 30), out DriveFacts facts, out bool lba48));
            Assert.True(lba48);
            Assert.Equal(1ul << 30, facts.Sectors);
            Assert.Equal(512, facts.SectorSize);
            Assert.Equal((16, 16, 63), (facts.Cylinders, facts.Heads, facts.SectorsPerTrack));
            Assert.Equal(0, AtaIdentity.Describe(Identify(false, 16384, 99), out facts, out lba48));
            Assert.False(lba48);
            Assert.Equal(16384ul, facts.Sectors);
        }

        [Fact]
        public void ADriveWithoutLbaOrSectorsIsRefused()
        {
            var words = Identify(false, 16384, 0);
            words[2 * 49 + 1] = 0;
            Assert.NotEqual(0, AtaIdentity.Describe(words, out _, out _));
            Assert.NotEqual(0, AtaIdentity.Describe(Identify(false, 0, 0), out _, out _));
        }
    }
}
