using Lunix.Kernel.Diagnostics;
using Lunix.Kernel.Memory;

namespace Lunix.Kernel.Bench
{
    // The memory layer's figures: frame allocate+free, 4 KiB map+unmap, and
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
            MapUnmap(ref space, page, frame, 100);                                  // warm up
            ulong start = BenchReport.Now();
            bool ok = MapUnmap(ref space, page, frame, Iterations);
            ulong elapsed = BenchReport.Now() - start;
            if (!ok) Panic.Now("benchmark: map/unmap failed");
            BenchReport.Print("map_unmap_4k", elapsed / Iterations, "instructions");
            PhysicalMemory.Frames.Release(frame);
            Check(space.Destroy());
        }

        private static bool MapUnmap(ref AddressSpace space, ulong page, ulong frame, int count)
        {
            bool ok = true;
            for (int i = 0; i < count; i++)
            {
                ok &= space.Map(page, frame, FrameAllocator.FrameSize, UserData) == PagingResult.Ok;
                ok &= space.Unmap(page, FrameAllocator.FrameSize) == PagingResult.Ok;
            }
            return ok;
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
            CopyPerMiB(parent);
            Check(child.Destroy());
            Check(parent.Destroy());
        }

        // What duplicating would cost without copy-on-write: copying each MiB of frames (through
        // the direct map, with the core library's memmove).
        private static unsafe void CopyPerMiB(in AddressSpace space)
        {
            if (!PhysicalMemory.Frames.TryAllocateContiguous(256, FrameAllocator.FrameSize, FrameZone.Any, out ulong target))
                Panic.Now("benchmark: no 1 MiB run");
            byte* destination = KernelAddressSpace.Context.Window.Bytes(target);
            ulong start = BenchReport.Now();
            for (ulong page = 0; page < 256; page++)
            {
                space.Query(UserBase + page * FrameAllocator.FrameSize, out PageMapping mapping);
                byte* source = KernelAddressSpace.Context.Window.Bytes(mapping.PhysicalAddress);
                System.Buffer.Memmove(ref destination[page * FrameAllocator.FrameSize], ref *source, (nuint)FrameAllocator.FrameSize);
            }
            ulong elapsed = BenchReport.Now() - start;
            BenchReport.Print("copy_per_mib", elapsed, "instructions");
            for (ulong page = 0; page < 256; page++) PhysicalMemory.Frames.Release(target + page * FrameAllocator.FrameSize);
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
