using System;
using Lunix.Kernel.Console;
using Lunix.Tests.Tap;
using Lunix.Arch.X86.Memory;
using Lunix.Abi;
using Lunix.Kernel.Memory;

namespace Lunix.Tests.KernelSuites
{
    // In-guest checks of the memory layer on the real hardware paths (kernel option
    // suite=memory): the kernel's W^X tables, address-space lifecycles, copy-on-write faults
    // taken through the user-copy routine, and EFAULT for bad user pointers.
    internal static unsafe class MemorySuite
    {
        private const ulong UserBase = 0x0000000000400000;
        private const PageAttributes UserData = PageAttributes.User | PageAttributes.Writable | PageAttributes.NoExecute;

        public static void Run()
        {
            var tap = new TapWriter(&SystemConsole.WriteLine);
            tap.Plan(11);
            int failed = 0;
            failed += tap.Check(1, "kernel text is read+execute, read-only data and data are no-execute", KernelImageIsWxorX());
            failed += tap.Check(2, "address 0 is unmapped in the kernel's tables", !KernelAddressSpace.Kernel.Query(0, out _));
            failed += tap.Check(3, "1,000 address spaces created, used and destroyed return every frame", ThousandSpaces());
            failed += tap.Check(4, "a copy-on-write page faults once, then writes go straight through", CopyOnWriteFaultsOnce());
            failed += tap.Check(5, "copy-on-write keeps parent and child apart", CopyOnWriteIsolates());
            failed += tap.Check(6, "user copy from an unmapped address returns EFAULT", CopyFromUnmapped());
            failed += tap.Check(7, "user copy to a kernel address returns EFAULT", CopyToKernelAddress());
            failed += tap.Check(8, "user copy at a non-canonical address returns EFAULT", CopyNonCanonical());
            failed += tap.Check(9, "user copy running past the end of a mapping returns EFAULT", CopyPastMapping());
            failed += tap.Check(10, "a frame released twice is refused", DoubleReleaseRefused());
            failed += tap.Check(11, "an object cache hands out zeroed objects, refuses double frees and returns its frames", ObjectCacheWorks());
            tap.Summary("memory", 11, failed);
        }

        private static bool KernelImageIsWxorX()
        {
            ref AddressSpace kernel = ref KernelAddressSpace.Kernel;
            Arch.X86.Cpu.KernelImageLayout image;
            Arch.X86.Cpu.KernelSections(&image);
            const PageAttributes WX = PageAttributes.Writable | PageAttributes.NoExecute;
            return kernel.Query(image.TextStart, out PageMapping text) && (text.Attributes & WX) == 0
                && kernel.Query(image.ReadOnlyStart, out PageMapping rodata) && (rodata.Attributes & WX) == PageAttributes.NoExecute
                && kernel.Query(image.DataStart, out PageMapping data) && (data.Attributes & WX) == WX
                && kernel.Query(image.ImageEnd - 1, out PageMapping bss) && (bss.Attributes & WX) == WX;
        }

        private static bool ThousandSpaces()
        {
            ulong before = PhysicalMemory.Frames.FreeFrames;
            for (int i = 0; i < 1000; i++)
            {
                if (AddressSpace.Create(KernelAddressSpace.Kernel, out AddressSpace space) != PagingResult.Ok) return false;
                bool ok = space.MapAnonymous(UserBase, 4 * FrameAllocator.FrameSize, UserData) == PagingResult.Ok
                          && space.MapAnonymous(0x00007FFFFFFFF000, FrameAllocator.FrameSize, UserData) == PagingResult.Ok;
                if (space.Destroy() != PagingResult.Ok || !ok) return false;
            }
            return PhysicalMemory.Frames.FreeFrames == before;
        }

        private static bool CopyOnWriteFaultsOnce()
        {
            ulong before = PhysicalMemory.Frames.FreeFrames;
            if (!ParentAndChild(out AddressSpace parent, out AddressSpace child)) return false;
            KernelAddressSpace.Switch(child);
            ulong faults = PageFaultHandler.ResolvedFaults;
            Span<byte> data = stackalloc byte[8];
            data.Fill(0x5A);
            var page = new UserSlice<Writable>(UserBase, 8);
            bool first = page.CopyFrom(data) == Errno.Ok && PageFaultHandler.ResolvedFaults == faults + 1;
            bool second = page.CopyFrom(data) == Errno.Ok && PageFaultHandler.ResolvedFaults == faults + 1;
            KernelAddressSpace.Switch(KernelAddressSpace.Kernel);
            bool destroyed = child.Destroy() == PagingResult.Ok && parent.Destroy() == PagingResult.Ok;
            return first && second && destroyed && PhysicalMemory.Frames.FreeFrames == before;
        }

        private static bool CopyOnWriteIsolates()
        {
            if (!ParentAndChild(out AddressSpace parent, out AddressSpace child)) return false;
            Span<byte> write = stackalloc byte[4];
            write.Fill(0x77);
            KernelAddressSpace.Switch(child);
            bool written = new UserSlice<Writable>(UserBase, 4).CopyFrom(write) == Errno.Ok;
            Span<byte> seenByChild = stackalloc byte[4], seenByParent = stackalloc byte[4];
            new UserSlice<Readable>(UserBase, 4).CopyTo(seenByChild);
            KernelAddressSpace.Switch(parent);
            new UserSlice<Readable>(UserBase, 4).CopyTo(seenByParent);
            KernelAddressSpace.Switch(KernelAddressSpace.Kernel);
            child.Destroy();
            parent.Destroy();
            return written && seenByChild[0] == 0x77 && seenByParent[0] == 0x11;
        }

        // A parent with one user page of 0x11 bytes, and its copy-on-write duplicate.
        private static bool ParentAndChild(out AddressSpace parent, out AddressSpace child)
        {
            child = default;
            if (AddressSpace.Create(KernelAddressSpace.Kernel, out parent) != PagingResult.Ok) return false;
            if (parent.MapAnonymous(UserBase, FrameAllocator.FrameSize, UserData) != PagingResult.Ok) return false;
            KernelAddressSpace.Switch(parent);
            Span<byte> fill = stackalloc byte[16];
            fill.Fill(0x11);
            bool filled = new UserSlice<Writable>(UserBase, 16).CopyFrom(fill) == Errno.Ok;
            KernelAddressSpace.Switch(KernelAddressSpace.Kernel);
            return filled && parent.Duplicate(out child) == PagingResult.Ok;
        }

        private static bool CopyFromUnmapped()
        {
            Span<byte> buffer = stackalloc byte[16];
            return new UserSlice<Readable>(0x0000000010000000, 16).CopyTo(buffer) == Errno.EFAULT;
        }

        private static bool CopyToKernelAddress()
        {
            Span<byte> buffer = stackalloc byte[16];
            return new UserSlice<Writable>(DirectMap.Base, 16).CopyFrom(buffer) == Errno.EFAULT;
        }

        private static bool CopyNonCanonical()
        {
            Span<byte> buffer = stackalloc byte[16];
            return new UserSlice<Readable>(0x0000900000000000, 16).CopyTo(buffer) == Errno.EFAULT;
        }

        private static bool CopyPastMapping()
        {
            if (AddressSpace.Create(KernelAddressSpace.Kernel, out AddressSpace space) != PagingResult.Ok) return false;
            bool mapped = space.MapAnonymous(UserBase, FrameAllocator.FrameSize, UserData) == PagingResult.Ok;
            KernelAddressSpace.Switch(space);
            Span<byte> buffer = stackalloc byte[64];
            Errno straddling = new UserSlice<Readable>(UserBase + FrameAllocator.FrameSize - 32, 64).CopyTo(buffer);
            Errno inside = new UserSlice<Readable>(UserBase, 64).CopyTo(buffer);
            KernelAddressSpace.Switch(KernelAddressSpace.Kernel);
            space.Destroy();
            return mapped && straddling == Errno.EFAULT && inside == Errno.Ok;
        }

        private static bool ObjectCacheWorks()
        {
            ulong before = PhysicalMemory.Frames.FreeFrames;
            ObjectCache cache = ObjectCache.Create("suite", 96, PhysicalMemory.Frames, KernelAddressSpace.Context.Window);
            const int Count = 200;
            ulong* objects = stackalloc ulong[Count];
            bool ok = cache != null;
            for (int i = 0; ok && i < Count; i++)
            {
                byte* item = (byte*)cache.Allocate();
                ok = item != null && item[0] == 0 && item[95] == 0;
                if (ok) { item[0] = 0xEE; objects[i] = (ulong)item; }
            }
            ok = ok && cache.ObjectsAllocated == Count && cache.HighWater == Count;
            MemoryStatistics.Print(cache);
            for (int i = 0; ok && i < Count; i++) ok = cache.Free((void*)objects[i]) == ObjectCacheResult.Ok;
            ok = ok && cache.Free((void*)objects[0]) == ObjectCacheResult.NotAllocated && cache.ObjectsAllocated == 0;
            ok = ok && cache.ReleaseEmptySlab() == ObjectCacheResult.Ok;
            return ok && PhysicalMemory.Frames.FreeFrames == before;
        }

        private static bool DoubleReleaseRefused()
        {
            FrameAllocator frames = PhysicalMemory.Frames;
            if (!frames.TryAllocate(FrameZone.Any, out ulong frame)) return false;
            ulong free = frames.FreeFrames;
            return frames.Release(frame) == FrameResult.Ok && frames.Release(frame) == FrameResult.NotAllocated
                   && frames.FreeFrames == free + 1;
        }
    }
}
