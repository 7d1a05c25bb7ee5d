using System;

namespace Lunix.BlockDriver
{
    // One drive of a driver as the partition-table parser reads it.
    internal readonly struct DriveReader : ISectorReader
    {
        private readonly BlockDevice _device;
        private readonly int _drive;

        public DriveReader(BlockDevice device, int drive)
        {
            _device = device;
            _drive = drive;
        }

        public int ReadSectors(ulong sector, Span<byte> into) => _device.Read(_drive, sector, into);
    }
}
