using System;

namespace Lunix.SystemLibrary
{
    // Physically contiguous, pinned memory below 4 GiB that a device reads and writes by DMA
    // (VM's MapContiguous, MINIX's alloc_contig): its bytes for the driver, its physical address
    // for the device. The AHCI driver's command lists and bounce buffer, the IDE driver's PRD
    // table and bounce buffer.
    public readonly unsafe struct DmaRegion
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

        // `length` bytes (rounded up to whole pages, at most 4 MiB) of zeroed DMA memory: 0, or
        // VM's error (ENOMEM).
        public static long Allocate(int length, out DmaRegion region)
        {
            long mapped = VirtualMemory.MapContiguous((ulong)length, out ulong address, out ulong physical);
            region = mapped == 0 ? new DmaRegion(address, physical, length) : default;
            return mapped;
        }

        public Span<byte> Bytes => new Span<byte>(_bytes, Length);

        public Span<byte> Slice(int offset, int length) => new Span<byte>(_bytes + offset, length);
    }
}
