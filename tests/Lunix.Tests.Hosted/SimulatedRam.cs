using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lunix.Kernel.Memory;

namespace Lunix.Tests.Hosted
{
    // Physical memory for hosted tests: a pinned, frame-aligned array seen through a PhysicalWindow
    // (as the kernel sees RAM through its direct map), every frame of it free in a frame allocator.
    internal sealed unsafe class SimulatedRam
    {
        // Kernel code keeps raw pointers into the arrays, so they live for the whole test run.
        private static readonly List<byte[]> s_alive = new List<byte[]>();

        public FrameAllocator Frames { get; }
        public PhysicalWindow Window { get; }

        // fill: what fresh frames hold, since the frame allocator does not zero them.
        public SimulatedRam(int frameCount, byte fill)
        {
            int frame = (int)FrameAllocator.FrameSize;
            // One frame more, to align the window like the direct map.
            byte[] ram = GC.AllocateArray<byte>((frameCount + 1) * frame, pinned: true);
            byte[] metadata = GC.AllocateArray<byte>(checked((int)FrameAllocator.MetadataBytes((ulong)frameCount)), pinned: true);
            lock (s_alive)
            {
                s_alive.Add(ram);
                s_alive.Add(metadata);
            }
            Array.Fill(ram, fill);
            ulong start = (ulong)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(ram));
            Window = new PhysicalWindow((byte*)((start + (ulong)frame - 1) & ~((ulong)frame - 1)));
            Frames = new FrameAllocator((ulong)frameCount, Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(metadata)));
            Frames.AddFree(0, (ulong)frameCount * (ulong)frame);
        }
    }
}
