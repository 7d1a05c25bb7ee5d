using System;
using Lunix.BlockDriver;

namespace Lunix.Drivers.Storage.Ata
{
    // What IDENTIFY DEVICE's 256 words say of a disk (ATA8-ACS, 7.16): its size in sectors (the
    // LBA48 count where the drive has the feature set, else the LBA28 one), its logical sector
    // size and its CHS geometry for HDIO_GETGEO; and which DMA mode it is set to.
    public static class AtaIdentity
    {
        // The DMA mode the drive is set to (ATA8-ACS 7.16.7): -1 where it has no DMA (word 49
        // bit 8) or none of its modes is selected, else the selected mode's number, an Ultra DMA
        // mode (word 88's high byte, valid where word 53 bit 2 says so; `ultra`) before a
        // multiword DMA mode (word 63's). The driver keeps the mode the firmware (or the drive's
        // power-on default) chose: it sends no SET FEATURES, whose new timing the controller
        // would need too, in registers that differ from one controller to the next.
        public static int SelectedDma(ReadOnlySpan<byte> identify, out bool ultra)
        {
            ultra = false;
            if ((LittleEndian.U16(identify, 2 * 49) & (1 << 8)) == 0) return -1;
            if ((LittleEndian.U16(identify, 2 * 53) & (1 << 2)) != 0)
            {
                int ultraMode = HighestBit(LittleEndian.U16(identify, 2 * 88) >> 8 & 0x7F);
                ultra = ultraMode >= 0;
                if (ultra) return ultraMode;
            }
            return HighestBit(LittleEndian.U16(identify, 2 * 63) >> 8 & 0x07);
        }

        private static int HighestBit(int bits)
        {
            int highest = -1;
            for (int bit = 0; bits >> bit != 0; bit++)
                if ((bits >> bit & 1) != 0) highest = bit;
            return highest;
        }

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
