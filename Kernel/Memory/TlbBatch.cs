namespace Lunix.Kernel.Memory
{
    // The pages whose entries one operation changed, invalidated together when it ends: one
    // invlpg each up to Threshold pages, past it one flush of the whole TLB, which costs less
    // than that many invlpgs and the refills are paid either way.
    // A changed page needs nothing when its space is not loaded (loading it will drop the
    // user-half translations) unless it lies in the kernel half, which every space shares.
    public unsafe struct TlbBatch
    {
        public const int Threshold = 32;

        private fixed ulong _pages[Threshold];
        private int _count;
        private bool _global;
        private bool _kernelHalf;

        // Callers declare the batch with Unsafe.SkipInit in a [SkipLocalsInit] method and call
        // this, so the page array is never zeroed: those 256 bytes would weigh on the unmap hot path.
        public void Begin()
        {
            _count = 0;
            _global = false;
            _kernelHalf = false;
        }

        public int Count => _count;

        // address: the canonical address of the changed page (any address inside it).
        public void Add(ulong address, bool global)
        {
            if (_count < Threshold) _pages[_count] = address;
            _count++;
            _global |= global;
            _kernelHalf |= VirtualRange.IsKernelHalf(address);
        }

        public void Finish(Tlb tlb, ulong root)
        {
            if (_count == 0 || (!_kernelHalf && tlb.ActiveRoot != root)) return;
            if (_count > Threshold)
            {
                tlb.Flush(_global);
                return;
            }
            for (int i = 0; i < _count; i++) tlb.InvalidatePage(_pages[i]);
        }
    }
}
