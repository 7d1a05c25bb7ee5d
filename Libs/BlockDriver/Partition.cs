namespace Lunix.BlockDriver
{
    // One minor's extent on its drive, in the drive's sectors; Sectors == 0: no such partition.
    public struct Partition
    {
        public ulong Start;
        public ulong Sectors;

        public Partition(ulong start, ulong sectors)
        {
            Start = start;
            Sectors = sectors;
        }

        public bool Present => Sectors != 0;
        public ulong End => Start + Sectors;
    }

    // Whole sectors of one drive, from `sector` on, as many as `into` holds: 0 or a negated
    // Linux errno. What the partition-table parser reads through (the driver, or a test's image).
    public interface ISectorReader
    {
        int ReadSectors(ulong sector, System.Span<byte> into);
    }
}
