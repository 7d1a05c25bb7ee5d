using System;
using System.Buffers.Binary;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Storage.Filter
{
    // One disk beneath the filter, through the block-driver protocol (BlockDriverCalls): the ATA
    // driver's minor for a /dev name. A driver that died in the middle of a request (EDEADSRCDST:
    // RS restarts it, with the same endpoint), or between two (its new instance answers ENXIO:
    // it has no opens), is looked up again in DS, opened again and asked again: whole-sector
    // reads and writes may be repeated. So a disk driver's crash costs a delay, never a request.
    // After Attempts tries, EIO.
    internal sealed class BackingDisk
    {
        private const int Attempts = 20;
        private const long PauseTicks = 10;

        private readonly int _minor;
        private int _driver = Endpoint.None;

        public BackingDisk(string name, int minor)
        {
            Name = name;
            _minor = minor;
        }

        public string Name { get; }

        // The disk's size in sectors, known once it is open.
        public ulong Sectors { get; private set; }

        // Opens the disk for reading and writing and learns its size: 0, or a negated errno.
        public long Open()
        {
            long opened = Reopen();
            if (opened < 0) return opened;
            Span<byte> size = stackalloc byte[sizeof(ulong)];
            long asked = BlockDriverCalls.Ioctl(_driver, _minor, LinuxBlockIoctls.BLKGETSIZE64, size);
            if (asked < 0) return asked;
            Sectors = BinaryPrimitives.ReadUInt64LittleEndian(size) / ChecksumLayout.SectorBytes;
            return 0;
        }

        public void Close()
        {
            if (_driver != Endpoint.None) BlockDriverCalls.Close(_driver, _minor);
            _driver = Endpoint.None;
        }

        // Whole sectors from `sector` into `into`: 0, or a negated errno.
        public long Read(ulong sector, Span<byte> into)
        {
            for (int attempt = 0; attempt < Attempts; attempt++)
            {
                long moved = BlockDriverCalls.Read(_driver, _minor, sector * ChecksumLayout.SectorBytes, into);
                if (moved == -(int)Errno.EDEADSRCDST || moved == -(int)LinuxErrno.ENXIO) { Recover(); continue; }
                return moved == into.Length ? 0 : moved < 0 ? moved : -(long)LinuxErrno.EIO;
            }
            return -(long)LinuxErrno.EIO;
        }

        public long Write(ulong sector, ReadOnlySpan<byte> data)
        {
            for (int attempt = 0; attempt < Attempts; attempt++)
            {
                long moved = BlockDriverCalls.Write(_driver, _minor, sector * ChecksumLayout.SectorBytes, data);
                if (moved == -(int)Errno.EDEADSRCDST || moved == -(int)LinuxErrno.ENXIO) { Recover(); continue; }
                return moved == data.Length ? 0 : moved < 0 ? moved : -(long)LinuxErrno.EIO;
            }
            return -(long)LinuxErrno.EIO;
        }

        // The driver is gone: wait a moment for RS to bring it back, then open the disk again.
        private void Recover()
        {
            if (Reopen() != 0) Kernel.Sleep(PauseTicks);
        }

        private long Reopen()
        {
            int found = BlockDriverCalls.Find(DiskNames.AtaLabel, out int driver);
            if (found != 0) return found;
            _driver = driver;
            return BlockDriverCalls.Open(_driver, _minor, BlockAccess.Read | BlockAccess.Write);
        }
    }
}
