using Lunix.Kernel.Memory;
using Xunit;

namespace Lunix.Tests.Hosted
{
    public class PageTableTlbBatchTests
    {
        private const ulong ActiveRoot = 0x5000, OtherRoot = 0x9000;

        private static RecordingTlb LoadedTlb()
        {
            var tlb = new RecordingTlb();
            tlb.Load(ActiveRoot);
            tlb.ClearLog();
            return tlb;
        }

        private static void Run(RecordingTlb tlb, ulong root, int pages, ulong first, bool global = false)
        {
            TlbBatch batch = default;
            batch.Begin();
            for (int i = 0; i < pages; i++) batch.Add(first + (ulong)i * 4096, global);
            batch.Finish(tlb, root);
        }

        [Fact]
        public void NothingChangedNothingDone()
        {
            RecordingTlb tlb = LoadedTlb();
            Run(tlb, ActiveRoot, 0, 0x1000);
            Assert.Equal(0, tlb.Calls);
        }

        [Fact]
        public void ActiveSpaceInvalidatesEachPageUpToTheThreshold()
        {
            RecordingTlb tlb = LoadedTlb();
            Run(tlb, ActiveRoot, TlbBatch.Threshold, 0x40_0000);
            Assert.Equal(TlbBatch.Threshold, tlb.Invalidated.Count);
            Assert.Equal(0x40_0000UL + 4096 * (TlbBatch.Threshold - 1), tlb.Invalidated[^1]);
            Assert.Equal(0, tlb.Flushes + tlb.GlobalFlushes);
        }

        [Fact]
        public void PastTheThresholdOneFlush()
        {
            RecordingTlb tlb = LoadedTlb();
            Run(tlb, ActiveRoot, TlbBatch.Threshold + 1, 0x40_0000);
            Assert.Empty(tlb.Invalidated);
            Assert.Equal(1, tlb.Flushes);
            Assert.Equal(0, tlb.GlobalFlushes);
        }

        [Fact]
        public void PastTheThresholdWithGlobalPagesFlushesThemToo()
        {
            RecordingTlb tlb = LoadedTlb();
            Run(tlb, ActiveRoot, 100, 0xFFFF_8800_0000_0000, global: true);
            Assert.Equal(1, tlb.GlobalFlushes);
            Assert.Equal(0, tlb.Flushes);
        }

        [Fact]
        public void InactiveSpaceUserHalfNeedsNothing()
        {
            RecordingTlb tlb = LoadedTlb();
            Run(tlb, OtherRoot, 5, 0x40_0000);
            Run(tlb, OtherRoot, 500, 0x40_0000);
            Assert.Equal(0, tlb.Calls);
        }

        [Fact]
        public void KernelHalfIsInvalidatedWhateverSpaceChangedIt()
        {
            RecordingTlb tlb = LoadedTlb();
            Run(tlb, OtherRoot, 2, 0xFFFF_8800_0000_0000);
            Assert.Equal(new[] { 0xFFFF_8800_0000_0000UL, 0xFFFF_8800_0000_1000UL }, tlb.Invalidated);
        }
    }
}
