using System.Runtime.CompilerServices;

namespace Lunix.Kernel.Memory
{
    // The pages whose entries one operation changed, invalidated together when it ends: one
    // invlpg each up to Threshold pages, past it one flush of the whole TLB, which costs less
    // than that many invlpgs and the refills are paid either way.
    // A changed page needs nothing when its space is not loaded (loading it will drop the
    // user-half translations) unless it lies in the kernel half, which every space shares.
    public struct TlbBatch
    {
        public const int Threshold = 32;

        // An inline array rather than a fixed buffer, which would cost a stack cookie check in
        // every operation holding a batch.
        [InlineArray(Threshold)]
        private struct Pages
        {
            private ulong _first;
        }

        private Pages _pages;
        private int _count;
        private bool _global;
        private bool _kernelHalf;

        // Callers declare the batch with Unsafe.SkipInit in a [SkipLocalsInit] method and call
        // this, so the page array is never zeroed: 256 bytes cleared for every operation.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Begin()
        {
            _count = 0;
            _global = false;
            _kernelHalf = false;
        }

        // address: the canonical address of the changed page (any address inside it).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Add(ulong address, bool global)
        {
            if (_count < Threshold) Unsafe.Add(ref Unsafe.As<Pages, ulong>(ref _pages), _count) = address;
            _count++;
            _global |= global;
            _kernelHalf |= VirtualRange.IsKernelHalf(address);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Finish(Tlb tlb, ulong root)
        {
            if (_count == 0) return;
            Invalidate(tlb, root);
            tlb.ChangedElsewhere(root);
        }

        // One changed page, outside any batch (the 4 KiB unmap fast path).
        public static void InvalidateNow(Tlb tlb, ulong root, ulong address)
        {
            if (IsCached(tlb, root, VirtualRange.IsKernelHalf(address))) tlb.InvalidatePage(address);
            tlb.ChangedElsewhere(root);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool IsCached(Tlb tlb, ulong root, bool kernelHalf) => kernelHalf || tlb.ActiveRoot == root;

        private void Invalidate(Tlb tlb, ulong root)
        {
            if (!IsCached(tlb, root, _kernelHalf)) return;
            if (_count > Threshold)
            {
                tlb.Flush(_global);
                return;
            }
            for (int i = 0; i < _count; i++) tlb.InvalidatePage(Unsafe.Add(ref Unsafe.As<Pages, ulong>(ref _pages), i));
        }
    }
}
