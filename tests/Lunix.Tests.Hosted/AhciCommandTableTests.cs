using System;
using System.Buffers.Binary;
using Lunix.Abi.Linux;
using Lunix.Drivers.Storage.Ahci;
using Lunix.Drivers.Storage.Ata;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The bytes the AHCI driver hands the HBA (Drivers/Storage/Ahci/AhciCommandTable.cs), against
    // AHCI 1.3.1 and SATA's Register Host-to-Device FIS.
    public sealed class AhciCommandTableTests
    {
        [Fact]
        public void A_read_dma_ext_fis_carries_the_command_the_48_bit_lba_and_the_count()
        {
            var table = new byte[AhciCommandTable.TableBytes(1)];
            table.AsSpan().Fill(0xEE);
            AhciCommandTable.WriteFis(table, AtaCommands.ReadDmaExt, 0x0000_BBAA_9988_7766, 0x0180, 0);
            Assert.Equal(new byte[] { 0x27, 0x80, 0x25, 0, 0x66, 0x77, 0x88, 0x40, 0x99, 0xAA, 0xBB, 0, 0x80, 0x01, 0, 0, 0, 0, 0, 0 }, table[..20]);
            Assert.Equal(0xEE, table[20]);        // nothing past the FIS is touched
        }

        [Fact]
        public void An_atapi_packet_fis_has_the_dma_feature_bit()
        {
            var table = new byte[AhciCommandTable.TableBytes(1)];
            AhciCommandTable.WriteFis(table, AtaCommands.Packet, 0x8000ul << 8, 0, 1);
            Assert.Equal(0xA0, table[2]);
            Assert.Equal(1, table[3]);
            Assert.Equal(0x00, table[5]);
            Assert.Equal(0x80, table[6]);
        }

        [Fact]
        public void The_header_says_fis_length_direction_atapi_prds_and_table_address()
        {
            var header = new byte[AhciCommandTable.HeaderBytes];
            header.AsSpan().Fill(0xEE);
            AhciCommandTable.WriteHeader(header, 3, write: true, atapi: false, 0x1_2345_6780);
            uint flags = BinaryPrimitives.ReadUInt32LittleEndian(header);
            Assert.Equal(5u, flags & 0x1F);                 // CFL: 5 dwords
            Assert.Equal(0u, flags & (1 << 5));             // not ATAPI
            Assert.Equal(1u << 6, flags & (1 << 6));        // W: to the device
            Assert.Equal(3u, flags >> 16);                  // PRDTL
            Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4)));    // PRDBC
            Assert.Equal(0x2345_6780u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(8)));
            Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(12)));
            Assert.All(header[16..], b => Assert.Equal(0, b));
            AhciCommandTable.WriteHeader(header, 1, write: false, atapi: true, 0x1000);
            flags = BinaryPrimitives.ReadUInt32LittleEndian(header);
            Assert.Equal(5u | 1u << 5 | 1u << 16, flags);
        }

        [Fact]
        public void One_chunk_is_one_prd_with_its_byte_count_minus_one()
        {
            var table = new byte[AhciCommandTable.TableBytes(4)];
            Assert.Equal(1, AhciCommandTable.WritePrds(table, 0x0000_0002_0001_0000, 64 * 1024));
            Span<byte> prd = table.AsSpan(AhciCommandTable.PrdOffset, AhciCommandTable.PrdBytes);
            Assert.Equal(0x0001_0000u, BinaryPrimitives.ReadUInt32LittleEndian(prd));
            Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(prd[4..]));
            Assert.Equal(0xFFFFu, BinaryPrimitives.ReadUInt32LittleEndian(prd[12..]));
        }

        [Theory]
        [InlineData(4 << 20, 1)]
        [InlineData((4 << 20) + 2, 2)]
        [InlineData(10 << 20, 3)]
        public void A_long_region_is_cut_into_prds_of_at_most_4_mib_that_cover_it_exactly(int length, int expected)
        {
            var table = new byte[AhciCommandTable.TableBytes(4)];
            const ulong start = 0x8000_0000;
            Assert.Equal(expected, AhciCommandTable.WritePrds(table, start, length));
            ulong next = start;
            long covered = 0;
            for (int i = 0; i < expected; i++)
            {
                Span<byte> prd = table.AsSpan(AhciCommandTable.PrdOffset + i * AhciCommandTable.PrdBytes, AhciCommandTable.PrdBytes);
                ulong at = BinaryPrimitives.ReadUInt32LittleEndian(prd) | (ulong)BinaryPrimitives.ReadUInt32LittleEndian(prd[4..]) << 32;
                int bytes = (int)(BinaryPrimitives.ReadUInt32LittleEndian(prd[12..]) & 0x3F_FFFF) + 1;
                Assert.Equal(next, at);
                Assert.True(bytes <= AhciCommandTable.MaxPrdBytes);
                next += (ulong)bytes;
                covered += bytes;
            }
            Assert.Equal(length, covered);
        }

        [Theory]
        [InlineData(0, -(int)LinuxErrno.EINVAL)]
        [InlineData(511, -(int)LinuxErrno.EINVAL)]
        [InlineData(-2, -(int)LinuxErrno.EINVAL)]
        [InlineData(9 << 20, -(int)LinuxErrno.E2BIG)]       // three PRDs, room for two
        public void A_region_the_table_cannot_describe_is_refused(int length, int expected)
        {
            var table = new byte[AhciCommandTable.TableBytes(2)];
            Assert.Equal(expected, AhciCommandTable.WritePrds(table, 0x1000, length));
        }

        [Fact]
        public void The_moved_byte_count_is_read_from_the_header()
        {
            var header = new byte[AhciCommandTable.HeaderBytes];
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), 0x1_0000);
            Assert.Equal(0x1_0000u, AhciCommandTable.Transferred(header));
        }
    }
}
