using Lunix.Abi;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // VMMAPCONTIGUOUS: VM gives a driver memory a device can reach by DMA (MINIX's alloc_contig):
    // physically contiguous frames below 4 GiB (what 32-bit DMA engines address), zeroed, mapped
    // user, writable and never executable at the address. The frames are ordinary anonymous
    // ones, referenced by the mapping alone, so unmapping them or the driver's end frees them.
    // Returns the first frame's physical address, or EINVAL for bad arguments, ENOMEM when no
    // such run is free, EEXIST where a page is mapped already.
    internal static class DoVmMapContiguous
    {
        // The most one request takes: a DMA buffer, not a heap.
        public const ulong MaxLength = 4UL << 20;

        public static long Run(long endpoint, ulong address, ulong length)
        {
            Errno error = VmTarget.Resolve(endpoint, out int slot);
            if (error != Errno.Ok) return -(long)error;
            if (!VmTarget.IsUserRange(address, length) || length > MaxLength) return -(long)Errno.EINVAL;
            ulong frames = length / VmRequests.PageSize;
            PagingContext paging = KernelAddressSpace.Context;
            FrameAllocator allocator = paging.Frames;
            if (!allocator.TryAllocateContiguous(frames, FrameAllocator.FrameSize, FrameZone.Below4GiB, out ulong physical)) return -(long)Errno.ENOMEM;
            paging.Window.Zero(physical, length);
            // The mapping takes its own reference to each frame; the allocation's is dropped
            // after, so the mapping's is the only one (or, on failure, the frames are free again).
            PagingResult result = ProcessTable.Slot(slot).Space.Map(address, physical, length,
                                                                     PageAttributes.User | PageAttributes.Writable | PageAttributes.NoExecute);
            for (ulong offset = 0; offset < length; offset += FrameAllocator.FrameSize) allocator.Release(physical + offset);
            if (result != PagingResult.Ok) return result == PagingResult.Overlap ? -(long)Errno.EEXIST : -(long)VmTarget.ErrnoOf(result);
            return (long)physical;
        }
    }
}
