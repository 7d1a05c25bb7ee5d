using System;
using Lunix.Abi.Linux;
using Lunix.BlockDriver;
using Lunix.Drivers.Storage.Ata;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The SCSI commands every storage driver sends (Libs/BlockDriver/ScsiCommands.cs: the USB
    // stick's CDBs, the IDE and AHCI drivers' ATAPI packets) and the reading of their replies,
    // against SPC-4, SBC-3 and MMC; and what ATAPI adds (Drivers/Storage/Ata/AtapiPackets.cs).
    public sealed class ScsiCommandsTests
    {
        [Fact]
        public void Scsi_commands_are_big_endian_cdbs()
        {
            var cdb = new byte[10];
            ScsiCommands.Transfer(cdb, true, 0xFFFFFFFE, 0xFFFF);
            Assert.Equal(new byte[] { 0x2A, 0, 0xFF, 0xFF, 0xFF, 0xFE, 0, 0xFF, 0xFF, 0 }, cdb);
            ScsiCommands.Inquiry(cdb);
            Assert.Equal(new byte[] { 0x12, 0, 0, 0, 36, 0, 0, 0, 0, 0 }, cdb);
            ScsiCommands.RequestSense(cdb);
            Assert.Equal(new byte[] { 0x03, 0, 0, 0, 18, 0, 0, 0, 0, 0 }, cdb);
            ScsiCommands.TestUnitReady(cdb);
            Assert.Equal(new byte[10], cdb);
            ScsiCommands.ReadCapacity(cdb);
            Assert.Equal(new byte[] { 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, cdb);
        }

        // ATAPI's packet is 12 bytes: the same commands, padded with zeros over what was there.
        [Fact]
        public void An_atapi_packet_is_the_cdb_padded_to_twelve_bytes()
        {
            var packet = new byte[AtapiPackets.PacketBytes];
            packet.AsSpan().Fill(0xEE);
            ScsiCommands.Transfer(packet, false, 0x0102_0304, 32);
            Assert.Equal(new byte[] { 0x28, 0, 1, 2, 3, 4, 0, 0, 32, 0, 0, 0 }, packet);
            packet.AsSpan().Fill(0xEE);
            ScsiCommands.ReadCapacity(packet);
            Assert.Equal(new byte[] { 0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, packet);
        }

        // READ CAPACITY's reply as a stick's facts (ScsiCommands.Capacity) and as a CD's
        // (AtapiPackets.Describe: read-only, and 2048-byte sectors only).
        [Theory]
        [InlineData(false, new byte[] { 0, 0, 0x6A, 0xFF, 0, 0, 2, 0 }, 0, 0x6B00ul, 512, false)]
        [InlineData(false, new byte[] { 0, 0, 0, 9, 0, 0, 3, 0 }, -(int)LinuxErrno.EPROTO, 0ul, 0, false)]       // not a power of two
        [InlineData(false, new byte[] { 0, 0, 0, 9, 0, 0, 0, 0 }, -(int)LinuxErrno.EPROTO, 0ul, 0, false)]
        [InlineData(false, new byte[] { 0, 0, 0, 9, 0, 0, 0x20, 0 }, -(int)LinuxErrno.EPROTO, 0ul, 0, false)]    // 8 KiB
        [InlineData(false, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 2, 0 }, -(int)LinuxErrno.EFBIG, 0ul, 0, false)]
        [InlineData(true, new byte[] { 0, 0, 0x01, 0xFF, 0, 0, 0x08, 0 }, 0, 0x200ul, 2048, true)]
        [InlineData(true, new byte[] { 0, 0, 0x01, 0xFF, 0, 0, 0x02, 0 }, -(int)LinuxErrno.EIO, 0ul, 0, false)]   // a CD of 512-byte sectors
        [InlineData(true, new byte[] { 0, 0, 0x01, 0xFF, 0, 0, 0x09, 0x30 }, -(int)LinuxErrno.EPROTO, 0ul, 0, false)] // 2352: raw audio sectors
        public void Read_capacity_gives_the_drives_facts_and_refuses_odd_sizes(bool cd, byte[] reply, int expected, ulong sectors, int size, bool readOnly)
        {
            int read = cd ? AtapiPackets.Describe(reply, out DriveFacts facts) : ScsiCommands.Capacity(reply, out facts);
            Assert.Equal(expected, read);
            Assert.Equal(sectors, facts.Sectors);
            Assert.Equal(size, facts.SectorSize);
            Assert.Equal(readOnly, facts.ReadOnly);
        }

        [Fact]
        public void The_sense_key_comes_from_fixed_format_sense_data_only()
        {
            var sense = new byte[18];
            sense[0] = 0x70;
            sense[2] = 0x06;
            Assert.Equal(ScsiCommands.UnitAttention, ScsiCommands.SenseKey(sense, 18));
            Assert.Equal(-1, ScsiCommands.SenseKey(sense, 2));
            sense[0] = 0x72;                               // descriptor format: not read
            Assert.Equal(-1, ScsiCommands.SenseKey(sense, 18));
        }

        [Fact]
        public void Inquiry_gives_vendor_and_product_without_padding()
        {
            var inquiry = new byte[36];
            "QEMU    QEMU HARDDISK   2.5+"u8.CopyTo(inquiry.AsSpan(8));
            var name = new char[40];
            int length = ScsiCommands.Identity(inquiry, 36, name);
            Assert.Equal("QEMU QEMU HARDDISK", new string(name, 0, length));
            inquiry[10] = 0x07;                            // unprintable: dropped
            length = ScsiCommands.Identity(inquiry, 36, name);
            Assert.Equal("QE U QEMU HARDDISK", new string(name, 0, length));
        }
    }
}
