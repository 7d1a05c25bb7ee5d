using System;
using System.Buffers.Binary;
using Lunix.BlockDriver;

namespace Lunix.Drivers.Storage.Filter
{
    // A sector's checksum as the filter stores it: the sector's CRC-32, exclusive-or the CRC-32
    // of a sector of zeroes. A disk that was never written (all zeroes, checksums included) thus
    // checks out whole, without a pass to format it, and any other damage still shows.
    public static class SectorChecksums
    {
        private static readonly uint s_zeroSector = Of(new byte[ChecksumLayout.SectorBytes], normalized: false);

        public static uint Of(ReadOnlySpan<byte> sector) => Of(sector, normalized: true);

        private static uint Of(ReadOnlySpan<byte> sector, bool normalized)
        {
            uint crc = Crc32.Finish(Crc32.Update(Crc32.Start, sector));
            return normalized ? crc ^ s_zeroSector : crc;
        }

        public static uint Stored(ReadOnlySpan<byte> checksumSector, int slot) =>
            BinaryPrimitives.ReadUInt32LittleEndian(checksumSector.Slice(slot * ChecksumLayout.ChecksumBytes));

        public static void Store(Span<byte> checksumSector, int slot, uint checksum) =>
            BinaryPrimitives.WriteUInt32LittleEndian(checksumSector.Slice(slot * ChecksumLayout.ChecksumBytes), checksum);

        // Whether sector `index` of `data` (whole sectors) matches its stored checksum.
        public static bool Matches(ReadOnlySpan<byte> data, int index, ReadOnlySpan<byte> checksumSector, int slot) =>
            Of(data.Slice(index * ChecksumLayout.SectorBytes, ChecksumLayout.SectorBytes)) == Stored(checksumSector, slot);
    }
}
