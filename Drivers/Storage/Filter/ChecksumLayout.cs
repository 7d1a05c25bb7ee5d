namespace Lunix.Drivers.Storage.Filter
{
    // Where the filter keeps each sector's checksum on the disk beneath it (MINIX's filter keeps
    // them in the same way, interleaved with the data): the disk is cut into groups of 128
    // sectors, 127 of data and then one that holds their 127 checksums, 4 bytes each. A data
    // sector and its checksum are therefore always close, and a group is read and written with
    // at most two requests. The filter's device is the data sectors alone, numbered without gaps.
    public static class ChecksumLayout
    {
        public const int SectorBytes = 512;
        public const int DataPerGroup = 127;
        public const int GroupSectors = DataPerGroup + 1;
        public const int ChecksumBytes = 4;

        // The filter device's sectors on a disk of `diskSectors`: whole groups only.
        public static ulong DataSectors(ulong diskSectors) => diskSectors / GroupSectors * DataPerGroup;

        public static ulong DiskSector(ulong dataSector) => dataSector / DataPerGroup * GroupSectors + dataSector % DataPerGroup;

        public static ulong ChecksumSector(ulong dataSector) => dataSector / DataPerGroup * GroupSectors + DataPerGroup;

        // The data sector's place among its group's checksums.
        public static int Slot(ulong dataSector) => (int)(dataSector % DataPerGroup);

        // Sectors from `dataSector` to the end of its group, at most `wanted`: one run of
        // consecutive disk sectors that shares one checksum sector.
        public static int RunLength(ulong dataSector, int wanted)
        {
            int left = DataPerGroup - Slot(dataSector);
            return wanted < left ? wanted : left;
        }
    }
}
