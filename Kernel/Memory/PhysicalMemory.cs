using System;
using Internal.Runtime;
using Lunix.Arch.X86;
using Lunix.Arch.X86.Memory;
using Lunix.Kernel.Boot;
using Lunix.Kernel.Console;
using Lunix.Kernel.Diagnostics;

namespace Lunix.Kernel.Memory
{
    // Physical memory at boot: prints the memory map, extends the direct map over all RAM, builds
    // the frame allocator from the map (everything the boot loader placed, the kernel image, the
    // first MiB and the allocator's own metadata excluded), and gives the object heap its region.
    public static unsafe class PhysicalMemory
    {
        private const ulong MiB = 1UL << 20;
        private const ulong HeapBytes = 16 * MiB;
        private const ulong KernelPhysicalStart = 2 * MiB;      // Arch.X86/kernel.ld

        public static FrameAllocator Frames { get; private set; }

        public static void Initialize(BootInfo info, ulong bootInfoPhysical, ulong bootInfoLength)
        {
            ulong top = 0;
            foreach (MemoryRegion region in info.MemoryMap)
            {
                SystemConsole.Print("lunix: memory %016lx-%016lx %s\n", region.Base, region.Base + region.Length - 1, RegionName(region.Type));
                if (region.Type == MemoryRegionType.Available) top = Math.Max(top, region.Base + region.Length);
            }
            top = Math.Min(BootPaging.ExtendDirectMap(top), top);

            ulong frameCount = top / FrameAllocator.FrameSize;
            ulong metadataBytes = (FrameAllocator.MetadataBytes(frameCount) + FrameAllocator.FrameSize - 1) & ~(FrameAllocator.FrameSize - 1);
            ulong imageEnd = DirectMap.KernelToPhysical(Cpu.KernelImageEnd());
            ulong metadata = FindFree(info, imageEnd, bootInfoPhysical, bootInfoLength, metadataBytes, top);
            if (metadata == 0) Panic.Now("no room for frame metadata (%lu bytes)", metadataBytes);

            var frames = new FrameAllocator(frameCount, DirectMap.ToVirtual(metadata));
            foreach (MemoryRegion region in info.MemoryMap)
                if (region.Type == MemoryRegionType.Available) frames.AddFree(region.Base, Math.Min(region.Base + region.Length, top));
            // The real-mode area and BIOS data stay untouched; so does everything in use.
            frames.Reserve(0, MiB);
            frames.Reserve(KernelPhysicalStart, imageEnd);
            frames.Reserve(bootInfoPhysical, bootInfoPhysical + bootInfoLength);
            foreach (BootModule module in info.Modules) frames.Reserve(module.Start, module.End);
            frames.Reserve(metadata, metadata + metadataBytes);
            Frames = frames;

            // The object heap leaves the boot region in the image for a run of RAM of its own.
            // Half the RAM at most, so a 64 MiB machine keeps frames for everything else.
            ulong heapBytes = Math.Min(HeapBytes, frames.FreeFrames * FrameAllocator.FrameSize / 2) & ~(2 * MiB - 1);
            if (heapBytes > 0 && frames.TryAllocateContiguous(heapBytes / FrameAllocator.FrameSize, 2 * MiB, FrameZone.Any, out ulong heap))
                Heap.AddRegion(DirectMap.ToVirtual(heap), (nuint)heapBytes);
            else
                SystemConsole.WriteLine("lunix: frames: no run of RAM for the heap; it stays in the boot region");
            SystemConsole.Print("lunix: frames: %lu MiB managed, %lu MiB free; heap %lu MiB\n",
                frames.TotalFrames * FrameAllocator.FrameSize / MiB, frames.FreeFrames * FrameAllocator.FrameSize / MiB, Heap.Capacity / MiB);
        }

        // The first available stretch of `length` bytes that overlaps nothing the boot placed.
        private static ulong FindFree(BootInfo info, ulong imageEnd, ulong bootInfo, ulong bootInfoLength, ulong length, ulong top)
        {
            foreach (MemoryRegion region in info.MemoryMap)
            {
                if (region.Type != MemoryRegionType.Available) continue;
                ulong start = Math.Max(region.Base, Math.Max(MiB, imageEnd));
                ulong end = Math.Min(region.Base + region.Length, top);
                while (start + length <= end)
                {
                    start = (start + FrameAllocator.FrameSize - 1) & ~(FrameAllocator.FrameSize - 1);
                    ulong clash = Overlap(start, start + length, bootInfo, bootInfo + bootInfoLength);
                    foreach (BootModule module in info.Modules)
                        clash = Math.Max(clash, Overlap(start, start + length, module.Start, module.End));
                    if (clash == 0) return start + length <= end ? start : 0;
                    start = clash;
                }
            }
            return 0;
        }

        // 0 when [a, b) and [c, d) are disjoint, else the end of the blocking range.
        private static ulong Overlap(ulong a, ulong b, ulong c, ulong d) => a < d && c < b ? d : 0;

        private static string RegionName(MemoryRegionType type) => type switch
        {
            MemoryRegionType.Available => "available",
            MemoryRegionType.AcpiReclaimable => "ACPI reclaimable",
            MemoryRegionType.AcpiNvs => "ACPI NVS",
            MemoryRegionType.Defective => "defective",
            _ => "reserved",
        };
    }
}
