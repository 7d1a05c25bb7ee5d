using Lunix.Kernel.Diagnostics;
using Lunix.Kernel.Memory;

namespace Lunix.Kernel.Bench
{
    // The memory layer's figures (issue 3): frame allocate+free, 4 KiB map+unmap, and
    // duplicating an address space with copy-on-write, per MiB mapped.
    internal static class MemoryBenchmarks
    {
        private const int Iterations = 10000;

        public static void Run()
        {
            FrameAllocFree();
        }

        private static void FrameAllocFree()
        {
            FrameAllocator frames = PhysicalMemory.Frames;
            Pairs(frames, 100);                                     // warm up
            ulong start = BenchReport.Now();
            bool ok = Pairs(frames, Iterations);
            ulong elapsed = BenchReport.Now() - start;
            if (!ok) Panic.Now("benchmark: frame allocation failed");
            BenchReport.Print("frame_alloc_free", elapsed / Iterations, "instructions");
        }

        private static bool Pairs(FrameAllocator frames, int count)
        {
            bool ok = true;
            for (int i = 0; i < count; i++)
            {
                ok &= frames.TryAllocate(FrameZone.Any, out ulong frame);
                ok &= frames.Release(frame) == FrameResult.Ok;
            }
            return ok;
        }
    }
}
