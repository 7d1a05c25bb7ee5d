using System;
using Lunix.Abi.Linux;
using Lunix.BlockDriver;

namespace Lunix.Drivers.Storage.Ata
{
    // What is ATAPI's own around the SCSI (MMC) commands a CD drive gets (built by the block
    // library's ScsiCommands): the PACKET command's 12 bytes, and the medium READ CAPACITY
    // describes, read-only in 2048-byte sectors. The same for the IDE controller (AtapiDrive) and
    // AHCI (whose driver compiles this file too).
    public static class AtapiPackets
    {
        public const int PacketBytes = 12;
        public const int SectorSize = 2048;

        // The medium READ CAPACITY describes: 0, READ CAPACITY's own refusals (ScsiCommands.Capacity),
        // or EIO for a medium of another sector size.
        public static int Describe(ReadOnlySpan<byte> reply, out DriveFacts facts)
        {
            int read = ScsiCommands.Capacity(reply, out facts);
            if (read != 0) return read;
            if (facts.SectorSize != SectorSize)
            {
                facts = default;
                return -(int)LinuxErrno.EIO;
            }
            facts.ReadOnly = true;
            return 0;
        }
    }
}
