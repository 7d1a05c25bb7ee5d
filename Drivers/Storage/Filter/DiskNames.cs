using System;
using Lunix.Abi;

namespace Lunix.Drivers.Storage.Filter
{
    // The disks the filter may sit on, by their /dev names: hda..hdd and their partitions
    // hda1..hdd15, which the ATA driver serves as minor drive * 16 + partition.
    public static class DiskNames
    {
        public const string AtaLabel = "ata";

        // The ATA driver's minor for `name`, or -1 when it names no such disk.
        public static int AtaMinor(ReadOnlySpan<char> name)
        {
            if (name.Length < 3 || name[0] != 'h' || name[1] != 'd' || name[2] < 'a' || name[2] > 'd') return -1;
            int partition = 0;
            ReadOnlySpan<char> digits = name.Slice(3);
            if (digits.Length > 2 || digits.Length > 0 && digits[0] == '0') return -1;
            foreach (char digit in digits)
            {
                if (digit < '0' || digit > '9') return -1;
                partition = partition * 10 + digit - '0';
            }
            if (partition >= BlockDriverRequests.MinorsPerDrive) return -1;
            return (name[2] - 'a') * BlockDriverRequests.MinorsPerDrive + partition;
        }
    }
}
