using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using Lunix.Abi.Linux;
using Lunix.Drivers.Storage.Ata;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // What the IDE driver's DMA rests on: the PRD table it hands the bus master
    // (Drivers/Storage/Ata/PrdTable.cs) against SFF-8038i, and the DMA mode IDENTIFY DEVICE says
    // the drive is set to (AtaIdentity.SelectedDma) against ATA8-ACS.
    public sealed class AtaDmaTests
    {
        private const int EINVAL = -(int)LinuxErrno.EINVAL, E2BIG = -(int)LinuxErrno.E2BIG;

        // The table's entries: (address, bytes with 0 read as 64 KiB, end of table).
        private static List<(uint Address, int Bytes, bool Last)> Entries(ReadOnlySpan<byte> table, int count)
        {
            var entries = new List<(uint, int, bool)>();
            for (int i = 0; i < count; i++)
            {
                ReadOnlySpan<byte> entry = table.Slice(i * PrdTable.EntryBytes, PrdTable.EntryBytes);
                ushort bytes = BinaryPrimitives.ReadUInt16LittleEndian(entry.Slice(4));
                ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(entry.Slice(6));
                Assert.Equal(0, flags & 0x7FFF);            // reserved bits stay clear
                entries.Add((BinaryPrimitives.ReadUInt32LittleEndian(entry), bytes == 0 ? 65536 : bytes, (flags & 0x8000) != 0));
            }
            return entries;
        }

        [Fact]
        public void An_aligned_64_kib_buffer_is_one_entry_whose_count_is_zero()
        {
            var table = new byte[64];
            table.AsSpan().Fill(0xEE);
            Assert.Equal(1, PrdTable.Write(table, 0x0012_0000, 65536));
            Assert.Equal(new byte[] { 0x00, 0x00, 0x12, 0x00, 0x00, 0x00, 0x00, 0x80 }, table[..8]);
            Assert.Equal(0xEE, table[8]);                   // nothing past the table is touched
        }

        [Fact]
        public void A_buffer_across_a_64_kib_boundary_is_cut_there()
        {
            var table = new byte[64];
            Assert.Equal(2, PrdTable.Write(table, 0x0012_F000, 65536));
            Assert.Equal([(0x0012_F000u, 0x1000, false), (0x0013_0000u, 0xF000, true)], Entries(table, 2));
        }

        [Fact]
        public void A_small_transfer_is_one_entry()
        {
            var table = new byte[64];
            Assert.Equal(1, PrdTable.Write(table, 0x0010_0200, 512));
            Assert.Equal([(0x0010_0200u, 512, true)], Entries(table, 1));
        }

        // Any buffer: the entries cover it in order with no gap, none crosses a 64 KiB boundary,
        // none is empty, and only the last ends the table.
        [Fact]
        public void Random_buffers_are_covered_without_crossing_a_boundary()
        {
            var random = new Random(31);
            var table = new byte[PrdTable.EntryBytes * 66];      // 4 MiB across 65 boundaries at most
            for (int round = 0; round < 2000; round++)
            {
                ulong physical = (ulong)random.NextInt64(0, (1L << 32) - (1 << 22)) & ~1ul;
                int length = random.Next(1, 1 << 21) * 2;
                int count = PrdTable.Write(table, physical, length);
                Assert.True(count > 0, $"{physical:x}+{length}: {count}");
                ulong at = physical;
                var entries = Entries(table, count);
                for (int i = 0; i < count; i++)
                {
                    Assert.Equal((uint)at, entries[i].Address);
                    Assert.True(entries[i].Address / 65536 == (entries[i].Address + (uint)entries[i].Bytes - 1) / 65536, $"entry {i} crosses a boundary");
                    Assert.Equal(i == count - 1, entries[i].Last);
                    at += (ulong)entries[i].Bytes;
                }
                Assert.Equal(physical + (ulong)length, at);
            }
        }

        [Theory]
        [InlineData(0x1000ul, 0)]                       // nothing to move
        [InlineData(0x1000ul, -512)]
        [InlineData(0x1000ul, 511)]                     // the bus master moves words
        [InlineData(0x1001ul, 512)]
        [InlineData(0x1_0000_0000ul, 512)]              // its addresses are 32 bits
        [InlineData(0xFFFF_FF00ul, 512)]                // the end too
        public void Bad_buffers_are_invalid(ulong physical, int length)
        {
            var table = new byte[64];
            Assert.Equal(EINVAL, PrdTable.Write(table, physical, length));
        }

        [Fact]
        public void More_entries_than_the_table_holds_is_too_big()
        {
            var table = new byte[PrdTable.EntryBytes * 2];
            Assert.Equal(E2BIG, PrdTable.Write(table, 0x0010_8000, 2 * 65536));
            Assert.Equal(2, PrdTable.Write(table, 0x0010_8000, 65536));
            Assert.Equal([(0x0010_8000u, 0x8000, false), (0x0011_0000u, 0x8000, true)], Entries(table, 2));
        }

        // IDENTIFY's words: 49 (capabilities), 53 (which later words are valid), 63 (multiword
        // DMA), 88 (Ultra DMA); low bytes the supported modes, high bytes the selected one.
        private static byte[] Identify(ushort capabilities, ushort valid, ushort multiword, ushort ultra)
        {
            var words = new byte[512];
            BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(2 * 49), capabilities);
            BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(2 * 53), valid);
            BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(2 * 63), multiword);
            BinaryPrimitives.WriteUInt16LittleEndian(words.AsSpan(2 * 88), ultra);
            return words;
        }

        [Fact]
        public void Qemus_disk_is_set_to_ultra_dma_mode_5()
        {
            // QEMU's ide_identify: DMA and LBA, words 54-58, 64-70 and 88 valid, multiword
            // modes 0-2 supported and none selected, Ultra DMA modes 0-5 supported, 5 selected.
            Assert.Equal(5, AtaIdentity.SelectedDma(Identify(1 << 11 | 1 << 9 | 1 << 8, 0x7, 0x0007, 0x3F | 1 << 13), out bool ultra));
            Assert.True(ultra);
        }

        [Fact]
        public void A_selected_multiword_mode_counts_where_no_ultra_mode_is()
        {
            Assert.Equal(2, AtaIdentity.SelectedDma(Identify(1 << 9 | 1 << 8, 0x7, 0x0007 | 1 << 10, 0x3F), out bool ultra));
            Assert.False(ultra);
            // Word 88 is not valid without word 53's bit 2: its selected mode is not believed.
            Assert.Equal(1, AtaIdentity.SelectedDma(Identify(1 << 9 | 1 << 8, 0x3, 0x0007 | 1 << 9, 0x3F | 1 << 13), out ultra));
            Assert.False(ultra);
        }

        [Fact]
        public void A_drive_without_dma_or_a_selected_mode_has_none()
        {
            Assert.Equal(-1, AtaIdentity.SelectedDma(Identify(1 << 9, 0x7, 0x0007 | 1 << 10, 0x3F | 1 << 13), out bool ultra));
            Assert.False(ultra);
            Assert.Equal(-1, AtaIdentity.SelectedDma(Identify(1 << 9 | 1 << 8, 0x7, 0x0007, 0x3F), out ultra));
        }
    }
}
