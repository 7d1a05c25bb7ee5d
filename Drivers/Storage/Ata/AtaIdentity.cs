using System;
using Lunix.BlockDriver;

namespace Lunix.Drivers.Storage.Ata
{
    // What IDENTIFY DEVICE's 256 words say of a disk (ATA8-ACS, 7.16): its size in sectors (the
    // LBA48 count where the drive has the feature set, else the LBA28 one), its logical sector
    // size and its CHS geometry for HDIO_GETGEO.
    public static class AtaIdentity
    {
        // 0, or EIO for a drive without LBA (before ATA-1's optional LBA: none that QEMU or a
        // machine of this century has).
        public static int Describe(ReadOnlySpan<byte> identify, out DriveFacts facts, out bool lba48)
        {
            facts = default;
            ushort capabilities = LittleEndian.U16(identify, 2 * 49);
            lba48 = (LittleEndian.U16(identify, 2 * 83) & (1 << 10)) != 0;
            if ((capabilities & (1 << 9)) == 0) return -5;
            ulong sectors = lba48 ? LittleEndian.U64(identify, 2 * 100) : LittleEndian.U32(identify, 2 * 60);
            if (sectors == 0) return -5;
            facts.Sectors = sectors;
            facts.SectorSize = 512;
            ushort sectorInfo = LittleEndian.U16(identify, 2 * 106);
            if ((sectorInfo & 0xC000) == 0x4000 && (sectorInfo & (1 << 12)) != 0)
                facts.SectorSize = (int)(LittleEndian.U32(identify, 2 * 117) * 2);
            facts.Cylinders = LittleEndian.U16(identify, 2 * 1);
            facts.Heads = (byte)LittleEndian.U16(identify, 2 * 3);
            facts.SectorsPerTrack = (byte)LittleEndian.U16(identify, 2 * 6);
            return 0;
        }
    }
}
