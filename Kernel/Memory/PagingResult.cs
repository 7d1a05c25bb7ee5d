namespace Lunix.Kernel.Memory
{
    // The outcome of a page-table operation. Each error says what the operation left behind in
    // the comment of the operation that returns it; most leave everything as it was.
    public enum PagingResult
    {
        Ok,
        // An address, length or physical address is not a multiple of 4 KiB.
        Misaligned,
        // Zero length, a non-canonical address, a range that leaves its half of the address
        // space, or a physical address beyond 52 bits.
        OutOfRange,
        // Attributes outside PageAttributes.All, or Writable together with CopyOnWrite.
        InvalidAttributes,
        // Map: part of the range is already mapped.
        Overlap,
        // Protect: part of the range is not mapped.
        NotMapped,
        // No frame for a page, a page table or a copy.
        OutOfFrames,
        // Map of given memory: a frame of RAM that is free, so nobody owns it to map it.
        FrameNotAllocated,
        // A frame's reference count is at its maximum.
        ReferenceOverflow,
        // A kernel-half address whose top-level table the kernel template has not reserved:
        // a table made there would not be shared by the other address spaces.
        KernelTableMissing,
        // ResolveCopyOnWrite: the address is not mapped copy-on-write (a genuine fault).
        NotCopyOnWrite,
        // Destroy: the address space is loaded in CR3; switch away first.
        Active,
        // The address space was never created or is already destroyed.
        NoAddressSpace,
    }
}
