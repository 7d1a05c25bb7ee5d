using Internal.Runtime;
using Lunix.Kernel.Console;

namespace Lunix.Kernel.Memory
{
    // One line per allocator with its counters, for the boot log and the memory suite.
    public static class MemoryStatistics
    {
        public static void Print()
        {
            FrameAllocator frames = PhysicalMemory.Frames;
            SystemConsole.Print("lunix: frames: %lu allocated, %lu free of %lu (low-water %lu free)\n",
                frames.AllocatedFrames, frames.FreeFrames, frames.TotalFrames, frames.LowestFreeFrames);
            // The object heap never frees (no collector): its high-water mark is what it uses.
            SystemConsole.Print("lunix: heap: %lu KiB used, %lu KiB free of %lu KiB\n",
                Heap.Used >> 10, (Heap.Capacity - Heap.Used) >> 10, Heap.Capacity >> 10);
        }

        public static void Print(ObjectCache cache)
            => SystemConsole.Print("lunix: cache %s: %u-byte objects, %lu allocated, %lu free, high-water %lu, %lu slabs\n",
                cache.Name, cache.ObjectSize, cache.ObjectsAllocated, cache.ObjectsFree, cache.HighWater, cache.Slabs);
    }
}
