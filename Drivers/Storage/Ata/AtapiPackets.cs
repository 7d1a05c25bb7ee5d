using System;
using Lunix.Abi.Linux;
using Lunix.BlockDriver;

namespace Lunix.Drivers.Storage.Ata
{
    // The SCSI (MMC) commands a CD drive gets in an ATAPI PACKET, and what READ CAPACITY answers:
    // the same for the IDE controller (AtapiDrive, by PIO) and AHCI (by DMA, whose driver compiles
    // this file too).
    public static class AtapiPackets
    {
        public const int PacketBytes = 12;
        public const int CapacityReplyBytes = 8;
        public const int SectorSize = 2048;
        private const byte ReadCapacityCode = 0x25, Read10Code = 0x28;

        public static void ReadCapacity(Span<byte> packet)
        {
            packet.Slice(0, PacketBytes).Clear();
            packet[0] = ReadCapacityCode;
        }

        // READ(10) of `count` 2048-byte sectors from `sector`.
        public static void Read10(Span<byte> packet, ulong sector, int count)
        {
            packet.Slice(0, PacketBytes).Clear();
            packet[0] = Read10Code;
            packet[2] = (byte)(sector >> 24);
            packet[3] = (byte)(sector >> 16);
            packet[4] = (byte)(sector >> 8);
            packet[5] = (byte)sector;
            packet[7] = (byte)(count >> 8);
            packet[8] = (byte)count;
        }

        // The medium READ CAPACITY describes (read-only, 2048-byte sectors): 0, or EIO for another
        // sector size.
        public static int Describe(ReadOnlySpan<byte> reply, out DriveFacts facts)
        {
            facts = default;
            uint last = BigEndian.U32(reply, 0), size = BigEndian.U32(reply, 4);
            if (size != SectorSize) return -(int)LinuxErrno.EIO;
            facts.Sectors = (ulong)last + 1;
            facts.SectorSize = SectorSize;
            facts.ReadOnly = true;
            return 0;
        }
    }
}
