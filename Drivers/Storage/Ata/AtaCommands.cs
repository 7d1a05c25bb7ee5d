namespace Lunix.Drivers.Storage.Ata
{
    // ATA8-ACS command codes, shared by the IDE driver and the AHCI driver (which compiles this
    // file too): the PIO and DMA transfers in their LBA28 and LBA48 (EXT) forms, the two
    // IDENTIFYs and ATAPI's PACKET.
    public static class AtaCommands
    {
        public const byte ReadSectors = 0x20, ReadSectorsExt = 0x24, WriteSectors = 0x30, WriteSectorsExt = 0x34;
        public const byte ReadDma = 0xC8, ReadDmaExt = 0x25, WriteDma = 0xCA, WriteDmaExt = 0x35;
        public const byte Identify = 0xEC, IdentifyPacket = 0xA1, Packet = 0xA0;
        public const ulong Lba28Limit = 1ul << 28;
    }
}
