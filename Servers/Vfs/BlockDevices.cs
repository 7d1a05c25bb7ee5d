using Lunix.Abi;
using Lunix.Abi.Linux;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // Block special files, with Linux's numbers, and the driver that serves each (a
    // BlockDriverLink; 64 minors a drive on IDE, 16 on SCSI-style disks, partitions 1..15):
    //   /dev/hda, hdb   major 3 (minors 0, 64)   the ATA driver's drives 0, 1 (primary channel)
    //   /dev/hdc, hdd   major 22 (minors 0, 64)  the ATA driver's drives 2, 3 (secondary channel)
    //   /dev/sda..sdp   major 8 (minor disk * 16) the AHCI driver's disks, in port order (drives 0..15)
    //   /dev/sr0..sr15  major 11 (minor n)       the AHCI driver's ATAPI drives, in port order (drives 16..31)
    //   /dev/uba..ubh   major 180 (minor stick * 8) the USB driver's sticks, in port order (drives 0..7;
    //                   Linux's old ub numbering, 8 minors a stick: partitions 1..7; docs/boot-media.md)
    //   /dev/fbd        major 253 (minor partition) the filter driver's one drive
    public static class BlockDevices
    {
        private const uint IdePrimaryMajor = 3, IdeSecondaryMajor = 22, IdeMinorsPerDrive = 64;
        private const uint DiskMajor = 8, CdMajor = 11, AhciDisks = 16, FilterMajor = 253;
        private const uint UsbMajor = 180, UsbSticks = 8, UsbMinorsPerStick = 8;
        private const int PerDrive = BlockDriverRequests.MinorsPerDrive;

        private static readonly BlockDriverLink s_ata = new("ata", 4 * PerDrive);
        private static readonly BlockDriverLink s_ahci = new("ahci", 2 * (int)AhciDisks * PerDrive);
        private static readonly BlockDriverLink s_usb = new("usb", (int)UsbSticks * PerDrive);
        private static readonly BlockDriverLink s_filter = new("filter", PerDrive);

        // The driver of block device `device` and the device's minor there, or null for a device
        // no driver serves.
        public static BlockDriverLink Route(ulong device, out int minor)
        {
            uint major = DeviceNumbers.Major(device), linuxMinor = DeviceNumbers.Minor(device);
            minor = -1;
            switch (major)
            {
                case IdePrimaryMajor:
                case IdeSecondaryMajor:
                    uint partition = linuxMinor % IdeMinorsPerDrive, unit = linuxMinor / IdeMinorsPerDrive;
                    if (unit > 1 || partition >= PerDrive) return null;
                    minor = (int)(((major == IdeSecondaryMajor ? 2u : 0u) + unit) * PerDrive + partition);
                    return s_ata;
                case DiskMajor when linuxMinor < AhciDisks * PerDrive:
                    minor = (int)linuxMinor;
                    return s_ahci;
                case CdMajor when linuxMinor < AhciDisks:
                    minor = (int)((AhciDisks + linuxMinor) * PerDrive);
                    return s_ahci;
                case UsbMajor when linuxMinor < UsbSticks * UsbMinorsPerStick:
                    minor = (int)(linuxMinor / UsbMinorsPerStick * PerDrive + linuxMinor % UsbMinorsPerStick);
                    return s_usb;
                case FilterMajor when linuxMinor < PerDrive:
                    minor = (int)linuxMinor;
                    return s_filter;
                default:
                    return null;
            }
        }

        // The driver that serves block device `device` and the device's minor there, for a file
        // system server that reads the medium itself (MountCalls): 0, or -ENXIO.
        public static long Medium(ulong device, out int driver, out int minor)
        {
            BlockDriverLink link = Route(device, out minor);
            driver = link == null ? Endpoint.None : link.Driver();
            return driver == Endpoint.None ? -ENXIO : 0;
        }

        public static long Open(ulong device, int flags) => Route(device, out int minor) is { } link ? link.Open(minor, flags) : -ENXIO;

        public static void Close(ulong device, int flags) => Route(device, out int minor)?.Close(minor, flags);

        // The device's bytes (SEEK_END's base), 0 when it is not open.
        public static ulong Size(ulong device) => Route(device, out int minor) is { } link ? link.Size(minor) : 0;

        // read/write/pread/pwrite of `count` bytes at `at`: the bytes moved, or an errno when none moved.
        public static long Transfer(int record, ulong device, ulong buffer, ulong count, ulong at, bool write) =>
            Route(device, out int minor) is { } link ? link.Transfer(record, minor, buffer, count, at, write) : -ENXIO;

        // BLKGETSIZE64, BLKSSZGET, BLKGETSIZE, BLKRRPART, HDIO_GETGEO.
        public static long Ioctl(int record, ulong device, uint request, ulong argument) =>
            Route(device, out int minor) is { } link ? link.Ioctl(record, minor, request, argument) : -ENXIO;
    }
}
