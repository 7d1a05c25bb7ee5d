using System;
using Lunix.Abi;

namespace Lunix.Drivers.Storage.Filter
{
    // The disks the filter may sit on, by their /dev names, and the driver minor each is:
    // hda..hdd (the ATA driver's drives 0..3) and sda..sdp (the AHCI driver's disks 0..15), with
    // their partitions hda1..hda15, as minor drive * 16 + partition.
    public static class DiskNames
    {
        public const string AtaLabel = "ata", AhciLabel = "ahci";

        // The driver's label and minor for `name`; false when it names no such disk.
        public static bool TryResolve(ReadOnlySpan<char> name, out string label, out int minor)
        {
            label = null;
            minor = -1;
            if (name.Length < 3 || name[1] != 'd') return false;
            char last = name[0] == 'h' ? 'd' : name[0] == 's' ? 'p' : '\0';
            if (last == '\0' || name[2] < 'a' || name[2] > last || !TryPartition(name.Slice(3), out int partition)) return false;
            label = name[0] == 'h' ? AtaLabel : AhciLabel;
            minor = (name[2] - 'a') * BlockDriverRequests.MinorsPerDrive + partition;
            return true;
        }

        // Nothing (the whole drive) or 1..15, without leading zeroes.
        private static bool TryPartition(ReadOnlySpan<char> digits, out int partition)
        {
            partition = 0;
            if (digits.Length > 2 || digits.Length > 0 && digits[0] == '0') return false;
            foreach (char digit in digits)
            {
                if (digit < '0' || digit > '9') return false;
                partition = partition * 10 + digit - '0';
            }
            return partition < BlockDriverRequests.MinorsPerDrive;
        }
    }
}
