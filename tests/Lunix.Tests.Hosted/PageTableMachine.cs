using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lunix.Kernel.Memory;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // A simulated machine for page-table tests: RAM as a pinned array at physical 0, a frame
    // allocator over it, a recording TLB, and the kernel template with one reserved kernel-half
    // PDPT (KernelArena). Physical addresses from RamBytes on are device memory: mapped, never
    // touched.
    internal sealed unsafe class PageTableMachine
    {
        public const ulong KiB4 = 4096;
        public const ulong MiB2 = 2UL << 20;
        public const ulong GiB1 = 1UL << 30;
        public const ulong KernelArena = 0xFFFF_8800_0000_0000;
        public const ulong DeviceMemory = 64 * GiB1;

        private readonly byte[] _ram;
        private readonly byte[] _metadata;

        public readonly ulong RamBytes;
        public readonly FrameAllocator Frames;
        public readonly PhysicalWindow Window;
        public readonly RecordingTlb Tlb;
        public readonly PagingContext Context;
        public AddressSpace Kernel;
        // Free frames once the kernel template exists: every test gets back to it.
        public readonly ulong FreeAtStart;

        public PageTableMachine(ulong ramBytes = 64UL << 20, bool gigabytePages = true)
        {
            RamBytes = ramBytes;
            _ram = GC.AllocateArray<byte>(checked((int)ramBytes), pinned: true);
            _metadata = GC.AllocateArray<byte>(checked((int)FrameAllocator.MetadataBytes(ramBytes / KiB4)), pinned: true);
            Frames = new FrameAllocator(ramBytes / KiB4, Pointer(_metadata));
            // Frame 0 stays out, as on a PC (the real-mode interrupt table).
            Frames.AddFree(KiB4, ramBytes);
            Window = new PhysicalWindow(Pointer(_ram));
            Tlb = new RecordingTlb();
            Context = new PagingContext(Window, Frames, Tlb, gigabytePages);
            Assert.Equal(PagingResult.Ok, AddressSpace.CreateKernel(Context, out Kernel));
            Assert.Equal(PagingResult.Ok, Kernel.ReserveKernelTables(KernelArena, 512 * GiB1));
            Kernel.Activate();
            Tlb.ClearLog();
            FreeAtStart = Frames.FreeFrames;
        }

        private static byte* Pointer(byte[] pinned) => (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));

        public AddressSpace NewSpace()
        {
            Assert.Equal(PagingResult.Ok, AddressSpace.Create(in Kernel, out AddressSpace space));
            return space;
        }

        // Frames the test owns (reference count 1), physically contiguous and aligned to alignment.
        public ulong Own(ulong bytes, ulong alignment = KiB4)
        {
            Assert.True(Frames.TryAllocateContiguous(bytes / KiB4, alignment, FrameZone.Any, out ulong physical));
            return physical;
        }

        public void Disown(ulong physical, ulong bytes)
        {
            for (ulong offset = 0; offset < bytes; offset += KiB4) Assert.Equal(FrameResult.Ok, Frames.Release(physical + offset));
        }

        public ulong ReadRam(ulong physical) => *(ulong*)Window.Bytes(physical);
        public void WriteRam(ulong physical, ulong value) => *(ulong*)Window.Bytes(physical) = value;

        public PageMapping Query(in AddressSpace space, ulong address)
        {
            space.Query(address, out PageMapping mapping);
            return mapping;
        }

        // Takes every free frame but keep; give them back with Disown(list).
        public List<ulong> Exhaust(ulong keep)
        {
            var taken = new List<ulong>();
            while (Frames.FreeFrames > keep && Frames.TryAllocate(FrameZone.Any, out ulong frame)) taken.Add(frame);
            return taken;
        }

        public void Disown(List<ulong> frames)
        {
            foreach (ulong frame in frames) Assert.Equal(FrameResult.Ok, Frames.Release(frame));
        }
    }
}
