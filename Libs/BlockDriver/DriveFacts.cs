namespace Lunix.BlockDriver
{
    // What a drive is, as its driver learns at open: its size in sectors, the sector's bytes,
    // whether it can be written, and a geometry for HDIO_GETGEO (0s where it has none).
    public struct DriveFacts
    {
        public ulong Sectors;
        public int SectorSize;
        public bool ReadOnly;
        public ushort Cylinders;
        public byte Heads;
        public byte SectorsPerTrack;
    }
}
