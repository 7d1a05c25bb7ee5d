using System;

namespace Lunix.Drivers.Storage.Ahci
{
    // Physically contiguous, pinned memory below 4 GiB that the HBA reads and writes by DMA
    // (VirtualMemory.MapContiguous): its bytes for the driver, its physical address for the HBA.
    internal readonly unsafe struct DmaRegion
    {
        private readonly byte* _bytes;
        public readonly ulong Physical;
        public readonly int Length;

        public DmaRegion(ulong address, ulong physical, int length)
        {
            _bytes = (byte*)address;
            Physical = physical;
            Length = length;
        }

        public Span<byte> Bytes => new Span<byte>(_bytes, Length);

        public Span<byte> Slice(int offset, int length) => new Span<byte>(_bytes + offset, length);
    }
}
