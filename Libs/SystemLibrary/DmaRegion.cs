using System;

namespace Lunix.SystemLibrary
{
    // Physically contiguous, pinned memory below 4 GiB that a device reads and writes by DMA
    // (VM's MapContiguous, MINIX's alloc_contig): its bytes for the driver, its physical address
    // for the device. The AHCI driver's command lists and bounce buffer, the IDE driver's PRD
    // table and bounce buffer, the USB driver's schedule and buffers. Load and Store are single
    // 32-bit accesses the compiler neither merges nor moves, for the words a device changes
    // behind the driver's back (a descriptor's status) and the word that hands a descriptor over
    // (written last).
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

        // The part from `offset` on as a region of its own (its physical address moves with it).
        public DmaRegion Part(int offset, int length) => new DmaRegion((ulong)(_bytes + offset), Physical + (ulong)offset, length);

        // `offset` must be 4-byte aligned and inside the region.
        public uint Load(int offset) => System.Threading.Volatile.Read(ref *(uint*)(_bytes + offset));

        public void Store(int offset, uint value) => System.Threading.Volatile.Write(ref *(uint*)(_bytes + offset), value);
    }
}
