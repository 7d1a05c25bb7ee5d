using Lunix.Kernel.Diagnostics;
using Lunix.Kernel.Memory;

namespace Lunix.Kernel.Bench
{
    // The memory layer's figures (issue 3): frame allocate+free, 4 KiB map+unmap, and
    // duplicating an address space with copy-on-write, per MiB mapped.
    internal static class MemoryBenchmarks
    {
        private const int Iterations = 10000;

        private const ulong UserBase = 0x0000000000400000;
        private const PageAttributes UserData = PageAttributes.User | PageAttributes.Writable | PageAttributes.NoExecute;

        public static void Run()
        {
            FrameAllocFree();
            MapUnmap4K();
            DuplicatePerMiB();
        }

        // One 4 KiB page mapped and unmapped again in a space whose tables exist (a neighbour
        // page keeps them alive); the space is not loaded, as for a process being set up.
        private static void MapUnmap4K()
        {
            Check(AddressSpace.Create(KernelAddressSpace.Kernel, out AddressSpace space));
            Check(space.MapAnonymous(UserBase, FrameAllocator.FrameSize, UserData));
            if (!PhysicalMemory.Frames.TryAllocate(FrameZone.Any, out ulong frame)) Panic.Now("benchmark: out of frames");
            ulong page = UserBase + FrameAllocator.FrameSize;
            for (int i = 0; i < 100; i++) MapUnmap(ref space, page, frame);          // warm up
            ulong start = BenchReport.Now();
            for (int i = 0; i < Iterations; i++) MapUnmap(ref space, page, frame);
            ulong elapsed = BenchReport.Now() - start;
            BenchReport.Print("map_unmap_4k", elapsed / Iterations, "instructions");
            PhysicalMemory.Frames.Release(frame);
            Check(space.Destroy());
        }

        private static void MapUnmap(ref AddressSpace space, ulong page, ulong frame)
        {
            PagingResult mapped = space.Map(page, frame, FrameAllocator.FrameSize, UserData);
            PagingResult unmapped = space.Unmap(page, FrameAllocator.FrameSize);
            if (mapped != PagingResult.Ok || unmapped != PagingResult.Ok) Panic.Now("benchmark: map/unmap failed");
        }

        // Copy-on-write duplicate of a space with 16 MiB mapped in 4 KiB pages (the most entries
        // to visit), per MiB.
        private static void DuplicatePerMiB()
        {
            const ulong Size = 16UL << 20;
            Check(AddressSpace.Create(KernelAddressSpace.Kernel, out AddressSpace parent));
            for (ulong offset = 0; offset < Size; offset += FrameAllocator.FrameSize)
                Check(parent.MapAnonymous(UserBase + offset, FrameAllocator.FrameSize, UserData));
            ulong start = BenchReport.Now();
            Check(parent.Duplicate(out AddressSpace child));
            ulong elapsed = BenchReport.Now() - start;
            BenchReport.Print("vms_duplicate_per_mib", elapsed / (Size >> 20), "instructions");
            Check(child.Destroy());
            Check(parent.Destroy());
        }

        private static void Check(PagingResult result)
        {
            if (result != PagingResult.Ok) Panic.Now("benchmark: paging operation failed: %d", (int)result);
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
