using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // Block special files: /dev/hda..hdd and their partitions, with Linux's numbers (major 3 for
    // the primary channel's drives, 22 for the secondary's; 64 minors a drive, partitions 1..15
    // shown), served by the ATA driver, and /dev/fbd and its partitions (major 253: the filter
    // driver's one drive), through the block-driver protocol (Abi/BlockDriverRequests.cs). Each
    // driver minor VFS knows is a slot here: the driver's index times Minors, plus the minor.
    // A program reads and writes them at any offset and length: whole sectors go between the
    // driver and the program's buffer through a magic grant, the unaligned edges through one
    // sector here (a write's edge read first, then written whole).
    //
    // A driver's restart (RS, after a crash) ends the call VFS waits in with EDEADSRCDST: the
    // driver has lost every open, so VFS asks DS for it again ("blk.up.<label>", published at
    // each start), opens again every minor of it that it holds open, and sends the request
    // again (reads and writes of whole sectors are idempotent), for at most RetrySeconds; then EIO.
    public static class BlockDevices
    {
        private const uint PrimaryMajor = 3, SecondaryMajor = 22, MinorsPerLinuxDrive = 64, FilterMajor = 253;
        private static readonly string[] s_labels = { "ata", "filter" };
        private const int Ata = 0, Filter = 1;
        private const int Minors = 4 * BlockDriverRequests.MinorsPerDrive;      // a driver's, at most
        private const int Slots = 2 * Minors;
        private const ulong RequestBytes = 256 * 1024;      // one request's most: the driver's heartbeat must not wait longer
        private const int MaxSector = 4096;
        private const ulong RetrySeconds = 30;

        private static readonly int[] s_drivers = { Endpoint.None, Endpoint.None };
        // Per slot: VFS's opens (descriptions) and how many of them write; the sector size and
        // bytes the driver said at the first open.
        private static readonly int[] s_opens = new int[Slots], s_writers = new int[Slots], s_sectorSize = new int[Slots];
        private static readonly ulong[] s_bytes = new ulong[Slots];
        private static readonly byte[] s_edge = new byte[MaxSector];

        // The slot of a block device number, or -1 for one no driver serves.
        public static int DriverMinor(ulong device)
        {
            uint major = DeviceNumbers.Major(device), minor = DeviceNumbers.Minor(device);
            if (major == FilterMajor) return minor < BlockDriverRequests.MinorsPerDrive ? Filter * Minors + (int)minor : -1;
            uint partition = minor % MinorsPerLinuxDrive, unit = minor / MinorsPerLinuxDrive;
            if ((major != PrimaryMajor && major != SecondaryMajor) || unit > 1 || partition >= BlockDriverRequests.MinorsPerDrive) return -1;
            uint drive = (major == SecondaryMajor ? 2u : 0u) + unit;
            return Ata * Minors + (int)(drive * BlockDriverRequests.MinorsPerDrive + partition);
        }

        // The driver that serves block device `device` and the device's minor there, for a file
        // system server that reads the medium itself (MountCalls): 0, or -ENXIO.
        public static long Medium(ulong device, out int driver, out int minor)
        {
            int slot = DriverMinor(device);
            minor = slot % Minors;
            driver = slot < 0 ? Endpoint.None : Driver(slot);
            return driver == Endpoint.None ? -ENXIO : 0;
        }

        public static long Open(ulong device, int flags)
        {
            int slot = DriverMinor(device);
            if (slot < 0) return -ENXIO;
            bool write = (flags & OpenFlags.AccessMode) != OpenFlags.ReadOnly;
            int access = BlockAccess.Read | (write ? BlockAccess.Write : 0);
            if (Driver(slot) == Endpoint.None) return -ENXIO;
            long opened;
            ulong deadline = 0;
            do opened = BlockDriverCalls.Open(s_drivers[slot / Minors], slot % Minors, access); while (Retry(ref opened, ref deadline, slot));
            if (opened < 0) return opened;
            if (s_opens[slot] == 0)
            {
                long described = Describe(slot);
                if (described < 0)
                {
                    BlockDriverCalls.Close(s_drivers[slot / Minors], slot % Minors);
                    return described;
                }
            }
            s_opens[slot]++;
            if (write) s_writers[slot]++;
            return 0;
        }

        public static void Close(ulong device, int flags)
        {
            int slot = DriverMinor(device);
            if (slot < 0 || s_opens[slot] == 0) return;
            s_opens[slot]--;
            if ((flags & OpenFlags.AccessMode) != OpenFlags.ReadOnly) s_writers[slot]--;
            if (Driver(slot) != Endpoint.None) BlockDriverCalls.Close(s_drivers[slot / Minors], slot % Minors);     // a restarted driver has forgotten it already
        }

        // The device's bytes (SEEK_END's base), 0 when it is not open.
        public static ulong Size(ulong device)
        {
            int slot = DriverMinor(device);
            return slot < 0 ? 0 : s_bytes[slot];
        }

        // read/write/pread/pwrite of `count` bytes at `at`: the bytes moved, or an errno when none moved.
        public static long Transfer(int record, ulong device, ulong buffer, ulong count, ulong at, bool write)
        {
            int slot = DriverMinor(device);
            if (slot < 0 || s_opens[slot] == 0) return -ENXIO;
            ulong size = s_bytes[slot];
            if (at >= size) return write && count > 0 ? -ENOSPC : 0;
            if (count > size - at) count = size - at;
            int endpoint = Processes.At(record).Endpoint;
            ulong sector = (ulong)s_sectorSize[slot];
            ulong done = 0;
            while (done < count)
            {
                ulong position = at + done, offset = position % sector;
                long moved;
                if (offset != 0 || count - done < sector)
                    moved = Edge(slot, endpoint, buffer + done, position - offset, (int)offset, (int)Math.Min(sector - offset, count - done), write);
                else
                {
                    ulong whole = Math.Min(RequestBytes, (count - done) / sector * sector);
                    ulong deadline = 0;
                    do moved = Whole(slot, endpoint, buffer + done, position, whole, write); while (Retry(ref moved, ref deadline, slot));
                }
                if (moved <= 0) return done > 0 ? (long)done : moved == 0 ? 0 : moved;
                done += (ulong)moved;
            }
            return (long)done;
        }

        // BLKGETSIZE64, BLKSSZGET, BLKGETSIZE, BLKRRPART, HDIO_GETGEO: the driver's answer into
        // a buffer here, then to the program's argument.
        public static long Ioctl(int record, ulong device, uint request, ulong argument)
        {
            int slot = DriverMinor(device);
            if (slot < 0 || s_opens[slot] == 0) return -ENXIO;
            int bytes = LinuxBlockIoctls.ArgumentBytes(request);
            if (bytes < 0) return -ENOTTY;
            Span<byte> value = stackalloc byte[LinuxDriveGeometry.Size];
            value.Clear();
            long answered;
            ulong deadline = 0;
            do answered = BlockDriverCalls.Ioctl(s_drivers[slot / Minors], slot % Minors, request, value.Slice(0, bytes)); while (Retry(ref answered, ref deadline, slot));
            if (answered < 0 || bytes == 0) return answered;
            return new ProcessSlice<Writable>(Processes.At(record).Endpoint, argument, (ulong)bytes).CopyFrom(value.Slice(0, bytes)) == 0 ? answered : -EFAULT;
        }

        // Whole sectors straight between the driver and the program's memory (a magic grant).
        private static long Whole(int slot, int endpoint, ulong buffer, ulong position, ulong length, bool write)
        {
            int driver = s_drivers[slot / Minors];
            int grant = GrantTable.GrantMagic(driver, endpoint, buffer, length, write ? GrantFlags.Read : GrantFlags.Write);
            if (grant < 0) return -ENOMEM;
            long moved = BlockDriverCalls.Transfer(driver, slot % Minors, position, grant, length, write);
            GrantTable.Revoke(grant);
            return moved;
        }

        // Part of one sector at `sector` (its byte position): read whole here, the part copied out;
        // or for a write, the part copied in and the sector written back whole.
        private static long Edge(int slot, int endpoint, ulong buffer, ulong sector, int offset, int length, bool write)
        {
            Span<byte> whole = s_edge.AsSpan(0, s_sectorSize[slot]);
            long read;
            ulong deadline = 0;
            do read = BlockDriverCalls.Read(s_drivers[slot / Minors], slot % Minors, sector, whole); while (Retry(ref read, ref deadline, slot));
            if (read <= 0) return read;
            Span<byte> part = whole.Slice(offset, length);
            if (!write)
                return new ProcessSlice<Writable>(endpoint, buffer, (ulong)length).CopyFrom(part) == 0 ? length : -EFAULT;
            if (new ProcessSlice<Readable>(endpoint, buffer, (ulong)length).CopyTo(part) != 0) return -EFAULT;
            long written;
            deadline = 0;
            do written = BlockDriverCalls.Write(s_drivers[slot / Minors], slot % Minors, sector, whole); while (Retry(ref written, ref deadline, slot));
            return written < 0 ? written : length;
        }

        // The endpoint of the slot's driver, looked up in DS until it is up; Endpoint.None while
        // there is none.
        private static int Driver(int slot)
        {
            int index = slot / Minors;
            if (s_drivers[index] == Endpoint.None && BlockDriverCalls.Find(s_labels[index], out int driver) == 0) s_drivers[index] = driver;
            return s_drivers[index];
        }

        // After a call on `slot`: whether to make it again because the driver was restarted.
        // One that died under the call ends it with EDEADSRCDST (RS restarts it): VFS asks DS
        // for it again until it is up, opens again every minor of it VFS holds open and sends the call
        // again, until `deadline` (set at the first failure). One that died between two calls
        // answers ENXIO for a minor VFS holds open (the new instance has no opens): the same,
        // once. A result that is no Linux errno (the kernel's own codes) becomes EIO, as does a
        // driver that does not come back.
        private static bool Retry(ref long result, ref ulong deadline, int slot)
        {
            bool died = result == -(long)Errno.EDEADSRCDST;
            bool forgot = result == -ENXIO && s_opens[slot] > 0 && deadline == 0;
            if (!died && !forgot)
            {
                if (result < 0 && -result >= 100) result = -EIO;
                return false;
            }
            ulong now = Kernel.Ticks();
            if (deadline == 0) deadline = now + RetrySeconds * Kernel.TicksPerSecond();
            if (now >= deadline)
            {
                result = -EIO;
                return false;
            }
            int index = slot / Minors;
            s_drivers[index] = Endpoint.None;
            if (Driver(slot) == Endpoint.None) return true;     // DS answers: no spin without a yield
            for (int m = 0; m < Minors; m++)
            {
                int held = index * Minors + m;
                int access = BlockAccess.Read | (s_writers[held] > 0 ? BlockAccess.Write : 0);
                for (int n = 0; n < s_opens[held]; n++)
                    if (BlockDriverCalls.Open(s_drivers[index], m, access) == -(long)Errno.EDEADSRCDST) return true;
            }
            return true;
        }

        private static long Describe(int slot)
        {
            Span<byte> value = stackalloc byte[8];
            long sized = BlockDriverCalls.Ioctl(s_drivers[slot / Minors], slot % Minors, LinuxBlockIoctls.BLKGETSIZE64, value);
            if (sized < 0) return sized;
            s_bytes[slot] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(value);
            long sectored = BlockDriverCalls.Ioctl(s_drivers[slot / Minors], slot % Minors, LinuxBlockIoctls.BLKSSZGET, value.Slice(0, 4));
            if (sectored < 0) return sectored;
            int sectorSize = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(value);
            if (sectorSize < 512 || sectorSize > MaxSector || (sectorSize & (sectorSize - 1)) != 0) return -EIO;
            s_sectorSize[slot] = sectorSize;
            return 0;
        }
    }
}
