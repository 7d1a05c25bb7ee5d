namespace Lunix.Kernel.Memory
{
    // The outcome of an operation on one allocated frame. Every error leaves the allocator unchanged.
    public enum FrameResult
    {
        Ok,
        // The frame is free: a double free, or a frame that was never handed out.
        NotAllocated,
        // The frame is not allocatable RAM: a hole in the memory map or a reserved range.
        Reserved,
        // The address lies beyond the last frame the allocator manages.
        OutOfRange,
        // The address is not the start of a frame.
        Misaligned,
        // The reference count is at its maximum.
        CountOverflow,
    }
}
