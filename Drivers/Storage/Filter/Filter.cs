using System;
using System.Runtime;
using Lunix.BlockDriver;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Storage.Filter
{
    // The filter driver (MINIX's filter): a block driver between a file system and a disk driver.
    // Its one drive, /dev/fbd (and partitions), is the data sectors of the disk filter.disk names;
    // every sector's checksum is kept on that disk beside it (ChecksumLayout), checked on every
    // read and written with every write, and filter.mirror names an optional second disk that
    // gets every write too. A sector whose checksum fails is reported on the console and never
    // returned as good data: it comes from the mirror (and the bad copy is rewritten) or the read
    // fails with EIO. A disk driver that crashes meanwhile is waited for and asked again
    // (BackingDisk), so its restart loses nothing.
    internal static class Filter
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            FilterOptions.Load();
            BlockDriverLoop.Run(new FilterDevice(Disk(FilterOptions.Disk), Disk(FilterOptions.Mirror)));
            return 0;
        }

        // The disk a /dev name means, or null: none given, or a name no driver serves (reported).
        private static BackingDisk Disk(string name)
        {
            if (name.Length == 0) return null;
            int minor = DiskNames.AtaMinor(name);
            if (minor >= 0) return new BackingDisk(name, minor);
            Span<char> line = stackalloc char[128];
            new ConsoleLine(line).Append("filter: '").Append(name).Append("' is no disk; disks: hda..hdd and their partitions (hdb1)").Print();
            return null;
        }
    }
}
