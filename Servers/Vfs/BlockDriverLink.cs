using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // VFS's connection to one block driver (the ATA driver, the AHCI driver), by the block-driver
    // protocol (Abi/BlockDriverRequests.cs), in the driver's minors (drive * 16 + partition). A
    // program reads and writes at any offset and length: whole sectors go between the driver and
    // the program's buffer through a magic grant, the unaligned edges through one sector here (a
    // write's edge read first, then written whole).
    //
    // A driver's restart (RS, after a crash) ends the call VFS waits in with EDEADSRCDST: the
    // driver has lost every open, so VFS asks DS for it again ("blk.up.<label>", published at
    // each start), opens again every minor it holds open, and sends the request again (reads and
    // writes of whole sectors are idempotent), for at most RetrySeconds; then EIO.
    public sealed class BlockDriverLink
    {
        private const ulong RequestBytes = 256 * 1024;      // one request's most: the driver's heartbeat must not wait longer
        private const int MaxSector = 4096;
        private const ulong RetrySeconds = 30;

        private readonly string _label;
        private int _driver = Endpoint.None;
        // Per driver minor: VFS's opens (descriptions) and how many of them write; the sector
        // size and bytes the driver said at the first open.
        private readonly int[] _opens, _writers, _sectorSize;
        private readonly ulong[] _bytes;
        private readonly byte[] _edge = new byte[MaxSector];

        public BlockDriverLink(string label, int minors)
        {
            _label = label;
            _opens = new int[minors];
            _writers = new int[minors];
            _sectorSize = new int[minors];
            _bytes = new ulong[minors];
        }

        public int Minors => _opens.Length;

        public long Open(int minor, int flags)
        {
            bool write = (flags & OpenFlags.AccessMode) != OpenFlags.ReadOnly;
            int access = BlockAccess.Read | (write ? BlockAccess.Write : 0);
            if (Driver() == Endpoint.None) return -ENXIO;
            long opened;
            ulong deadline = 0;
            do opened = BlockDriverCalls.Open(_driver, minor, access); while (Retry(ref opened, ref deadline, minor));
            if (opened < 0) return opened;
            if (_opens[minor] == 0)
            {
                long described = Describe(minor);
                if (described < 0)
                {
                    BlockDriverCalls.Close(_driver, minor);
                    return described;
                }
            }
            _opens[minor]++;
            if (write) _writers[minor]++;
            return 0;
        }

        public void Close(int minor, int flags)
        {
            if (_opens[minor] == 0) return;
            _opens[minor]--;
            if ((flags & OpenFlags.AccessMode) != OpenFlags.ReadOnly) _writers[minor]--;
            if (Driver() != Endpoint.None) BlockDriverCalls.Close(_driver, minor);     // a restarted driver has forgotten it already
        }

        // The minor's bytes (SEEK_END's base), 0 when it is not open.
        public ulong Size(int minor) => _bytes[minor];

        // read/write/pread/pwrite of `count` bytes at `at`: the bytes moved, or an errno when none moved.
        public long Transfer(int record, int minor, ulong buffer, ulong count, ulong at, bool write)
        {
            if (_opens[minor] == 0) return -ENXIO;
            ulong size = _bytes[minor];
            if (at >= size) return write && count > 0 ? -ENOSPC : 0;
            if (count > size - at) count = size - at;
            int endpoint = Processes.At(record).Endpoint;
            ulong sector = (ulong)_sectorSize[minor];
            ulong done = 0;
            while (done < count)
            {
                ulong position = at + done, offset = position % sector;
                long moved;
                if (offset != 0 || count - done < sector)
                    moved = Edge(minor, endpoint, buffer + done, position - offset, (int)offset, (int)Math.Min(sector - offset, count - done), write);
                else
                {
                    ulong whole = Math.Min(RequestBytes, (count - done) / sector * sector);
                    ulong deadline = 0;
                    do moved = Whole(minor, endpoint, buffer + done, position, whole, write); while (Retry(ref moved, ref deadline, minor));
                }
                if (moved <= 0) return done > 0 ? (long)done : moved == 0 ? 0 : moved;
                done += (ulong)moved;
            }
            return (long)done;
        }

        // BLKGETSIZE64, BLKSSZGET, BLKGETSIZE, BLKRRPART, HDIO_GETGEO: the driver's answer into
        // a buffer here, then to the program's argument.
        public long Ioctl(int record, int minor, uint request, ulong argument)
        {
            if (_opens[minor] == 0) return -ENXIO;
            int bytes = LinuxBlockIoctls.ArgumentBytes(request);
            if (bytes < 0) return -ENOTTY;
            Span<byte> value = stackalloc byte[LinuxDriveGeometry.Size];
            value.Clear();
            long answered;
            ulong deadline = 0;
            do answered = BlockDriverCalls.Ioctl(_driver, minor, request, value.Slice(0, bytes)); while (Retry(ref answered, ref deadline, minor));
            if (answered < 0 || bytes == 0) return answered;
            return new ProcessSlice<Writable>(Processes.At(record).Endpoint, argument, (ulong)bytes).CopyFrom(value.Slice(0, bytes)) == 0 ? answered : -EFAULT;
        }

        // Whole sectors straight between the driver and the program's memory (a magic grant).
        private long Whole(int minor, int endpoint, ulong buffer, ulong position, ulong length, bool write)
        {
            int driver = _driver;
            int grant = GrantTable.GrantMagic(driver, endpoint, buffer, length, write ? GrantFlags.Read : GrantFlags.Write);
            if (grant < 0) return -ENOMEM;
            long moved = BlockDriverCalls.Transfer(driver, minor, position, grant, length, write);
            GrantTable.Revoke(grant);
            return moved;
        }

        // Part of one sector at `sector` (its byte position): read whole here, the part copied out;
        // or for a write, the part copied in and the sector written back whole.
        private long Edge(int minor, int endpoint, ulong buffer, ulong sector, int offset, int length, bool write)
        {
            Span<byte> whole = _edge.AsSpan(0, _sectorSize[minor]);
            long read;
            ulong deadline = 0;
            do read = BlockDriverCalls.Read(_driver, minor, sector, whole); while (Retry(ref read, ref deadline, minor));
            if (read <= 0) return read;
            Span<byte> part = whole.Slice(offset, length);
            if (!write)
                return new ProcessSlice<Writable>(endpoint, buffer, (ulong)length).CopyFrom(part) == 0 ? length : -EFAULT;
            if (new ProcessSlice<Readable>(endpoint, buffer, (ulong)length).CopyTo(part) != 0) return -EFAULT;
            long written;
            deadline = 0;
            do written = BlockDriverCalls.Write(_driver, minor, sector, whole); while (Retry(ref written, ref deadline, minor));
            return written < 0 ? written : length;
        }

        // The driver's endpoint, looked up in DS until it is up; Endpoint.None while there is none.
        public int Driver()
        {
            if (_driver == Endpoint.None && BlockDriverCalls.Find(_label, out int driver) == 0) _driver = driver;
            return _driver;
        }

        // After a call on `minor`: whether to make it again because the driver was restarted.
        // One that died under the call ends it with EDEADSRCDST (RS restarts it): VFS asks DS
        // for it again until it is up, opens again every minor it holds open and sends the call
        // again, until `deadline` (set at the first failure). One that died between two calls
        // answers ENXIO for a minor VFS holds open (the new instance has no opens): the same,
        // once. A result that is no Linux errno (the kernel's own codes) becomes EIO, as does a
        // driver that does not come back.
        private bool Retry(ref long result, ref ulong deadline, int minor)
        {
            bool died = result == -(long)Errno.EDEADSRCDST;
            bool forgot = result == -ENXIO && _opens[minor] > 0 && deadline == 0;
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
            _driver = Endpoint.None;
            if (Driver() == Endpoint.None) return true;     // DS answers: no spin without a yield
            for (int m = 0; m < _opens.Length; m++)
            {
                int access = BlockAccess.Read | (_writers[m] > 0 ? BlockAccess.Write : 0);
                for (int n = 0; n < _opens[m]; n++)
                    if (BlockDriverCalls.Open(_driver, m, access) == -(long)Errno.EDEADSRCDST) return true;
            }
            return true;
        }

        private long Describe(int minor)
        {
            Span<byte> value = stackalloc byte[8];
            long sized = BlockDriverCalls.Ioctl(_driver, minor, LinuxBlockIoctls.BLKGETSIZE64, value);
            if (sized < 0) return sized;
            _bytes[minor] = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(value);
            long sectored = BlockDriverCalls.Ioctl(_driver, minor, LinuxBlockIoctls.BLKSSZGET, value.Slice(0, 4));
            if (sectored < 0) return sectored;
            int sectorSize = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(value);
            if (sectorSize < 512 || sectorSize > MaxSector || (sectorSize & (sectorSize - 1)) != 0) return -EIO;
            _sectorSize[minor] = sectorSize;
            return 0;
        }
    }
}
