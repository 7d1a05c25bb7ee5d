using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.BlockDriver
{
    // The driver's drives as its clients opened them (MINIX's open counts): each minor's opens,
    // and per drive what OpenDrive said and the partitions found at its first open, kept until
    // its last close (so a table rewritten meanwhile is read again only then, or at BLKRRPART).
    internal static class OpenDrives
    {
        private const int Minors = BlockDriverRequests.MinorsPerDrive;
        private static BlockDevice s_device;
        private static int[] s_opens;                   // per minor
        private static DriveFacts[] s_facts;            // per drive, while any minor is open
        private static Partition[] s_partitions;        // per minor: [drive * 16 + partition]
        private static readonly byte[] s_scratch = new byte[4096];

        public static void Start(BlockDevice device)
        {
            s_device = device;
            s_opens = new int[device.Drives * Minors];
            s_facts = new DriveFacts[device.Drives];
            s_partitions = new Partition[device.Drives * Minors];
        }

        public static long Open(int minor, int access)
        {
            int bad = TransferRules.Split(minor, s_device.Drives, out int drive, out int partition);
            if (bad != 0) return bad;
            bool first = DriveOpens(drive) == 0;
            if (first)
            {
                int opened = s_device.OpenDrive(drive, out s_facts[drive]);
                if (opened != 0) return opened;
                FindPartitions(drive);
            }
            int refused = TransferRules.Access(access, s_facts[drive].ReadOnly);
            if (refused == 0 && !s_partitions[minor].Present) refused = -(int)LinuxErrno.ENXIO;
            if (refused != 0)
            {
                if (first) s_device.CloseDrive(drive);
                return refused;
            }
            s_opens[minor]++;
            return 0;
        }

        public static long Close(int minor)
        {
            int bad = TransferRules.Split(minor, s_device.Drives, out int drive, out _);
            if (bad != 0) return bad;
            if (s_opens[minor] == 0) return -(int)LinuxErrno.EINVAL;
            s_opens[minor]--;
            if (DriveOpens(drive) == 0) s_device.CloseDrive(drive);
            return 0;
        }

        // An open minor's drive, facts and extent; ENXIO when it is not open (a client that lost
        // its open to a restart of this driver opens again, as the protocol says).
        public static int Find(int minor, out int drive, out DriveFacts facts, out Partition extent)
        {
            facts = default;
            extent = default;
            int bad = TransferRules.Split(minor, s_device.Drives, out drive, out _);
            if (bad != 0) return bad;
            if (s_opens[minor] == 0) return -(int)LinuxErrno.ENXIO;
            facts = s_facts[drive];
            extent = s_partitions[minor];
            return 0;
        }

        // BLKRRPART on the whole drive: EBUSY while a partition of it is open.
        public static long Reread(int drive)
        {
            for (int p = 1; p < Minors; p++)
                if (s_opens[drive * Minors + p] != 0) return -(int)LinuxErrno.EBUSY;
            FindPartitions(drive);
            return 0;
        }

        private static int DriveOpens(int drive)
        {
            int opens = 0;
            for (int p = 0; p < Minors; p++) opens += s_opens[drive * Minors + p];
            return opens;
        }

        // Partitions only on drives of 512-byte sectors: a CD's 2048-byte sectors hold no
        // partition table of its own (a hybrid ISO's MBR counts 512-byte units for a disk).
        private static void FindPartitions(int drive)
        {
            Span<Partition> found = s_partitions.AsSpan(drive * Minors, Minors);
            found.Clear();
            ref DriveFacts facts = ref s_facts[drive];
            found[0] = new Partition(0, facts.Sectors);
            if (facts.SectorSize != 512) return;
            string refused = PartitionTable.Find(new DriveReader(s_device, drive), facts.Sectors, facts.SectorSize, found, s_scratch);
            if (refused != null)
                new ConsoleLine(stackalloc char[120]).Append("blockdriver: drive ").Append((ulong)drive)
                    .Append(": partition table refused: ").Append(refused).Print();
        }
    }
}
