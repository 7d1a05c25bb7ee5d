namespace Lunix.Kernel.Memory
{
    // What every address space's operations need, made once at boot: the window onto physical
    // memory and the frame allocator (both inside the walker), the TLB, and whether the CPU has
    // 1 GiB pages (CPUID 0x80000001 EDX bit 26).
    public sealed class PagingContext
    {
        public readonly PageTableWalker Walker;
        public readonly Tlb Tlb;
        public readonly bool GigabytePages;

        public PagingContext(PhysicalWindow window, FrameAllocator frames, Tlb tlb, bool gigabytePages)
        {
            Walker = new PageTableWalker(window, frames);
            Tlb = tlb;
            GigabytePages = gigabytePages;
        }

        public FrameAllocator Frames => Walker.Frames;
        public PhysicalWindow Window => Walker.Window;
    }
}
