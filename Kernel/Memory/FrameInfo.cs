namespace Lunix.Kernel.Memory
{
    // The allocator's record of one physical frame: 8 bytes, kept in the caller-provided metadata.
    internal struct FrameInfo
    {
        // Reference counts at or above Absent are states, not counts, so one compare tells an
        // allocatable frame from the rest.
        public const uint MaxReferences = Absent - 1;
        // Not RAM as far as the allocator knows (every frame starts so); AddFree makes it free.
        public const uint Absent = 0xFFFFFFFE;
        // Explicitly reserved: never handed out, and a later AddFree over it does not free it.
        public const uint Reserved = 0xFFFFFFFF;

        // 0: free; 1..MaxReferences: allocated; Absent or Reserved.
        public uint References;
        // Present entries when the frame holds a page table; the page-table code owns it.
        public ushort TableEntries;
        // The frame has exactly one entry in its zone's free stack. The entry may be stale (the
        // frame was taken by a contiguous allocation or reserved since): a pop skips it, and a
        // release does not push the frame again, so a stack never holds a frame twice.
        public bool InFreeStack;

        public readonly bool IsFree => References == 0;
        public readonly bool IsAllocated => References - 1 < MaxReferences;
        public readonly bool IsManaged => References <= MaxReferences;
    }
}
