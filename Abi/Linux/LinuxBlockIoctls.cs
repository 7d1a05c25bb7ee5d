namespace Lunix.Abi.Linux
{
    // Linux's block-device ioctl numbers (linux/fs.h, linux/hdreg.h) that block drivers answer
    // (Abi/BlockDriverRequests.cs) and VFS forwards for block special files, with the bytes each
    // one's argument points to.
    public static class LinuxBlockIoctls
    {
        public const uint BLKRRPART = 0x125F;       // no argument: read the partition table again
        public const uint BLKGETSIZE = 0x1260;      // unsigned long out: the size in 512-byte units
        public const uint BLKSSZGET = 0x1268;       // int out: the logical sector size
        public const uint BLKGETSIZE64 = 0x80081272;// u64 out: the size in bytes
        public const uint HDIO_GETGEO = 0x0301;     // struct hd_geometry out (LinuxDriveGeometry)

        // The argument's bytes (all of them written by the driver), 0 for none, -1 for a request
        // that is not a block ioctl.
        public static int ArgumentBytes(uint request) => request switch
        {
            BLKRRPART => 0,
            BLKGETSIZE or BLKGETSIZE64 => sizeof(ulong),
            BLKSSZGET => sizeof(int),
            HDIO_GETGEO => LinuxDriveGeometry.Size,
            _ => -1,
        };
    }

    // struct hd_geometry: heads, sectors per track, cylinders (16 bits, cut), and the start of the
    // partition in 512-byte units.
    public struct LinuxDriveGeometry
    {
        public const int Size = 16;
        public byte Heads;
        public byte Sectors;
        public ushort Cylinders;
        public uint Reserved;       // padding before the unsigned long
        public ulong Start;
    }
}
