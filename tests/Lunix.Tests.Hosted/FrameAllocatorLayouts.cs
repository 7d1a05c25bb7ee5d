using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lunix.Kernel.Memory;

namespace Lunix.Tests.Hosted
{
    // Frame allocators over pinned metadata, set up as the boot sequence would from real memory maps.
    internal static unsafe class FrameAllocatorLayouts
    {
        public const ulong MiB = 1UL << 20;
        public const ulong GiB = 1UL << 30;
        public const ulong Frame = FrameAllocator.FrameSize;

        // The metadata lives as long as its allocator does.
        private static readonly ConditionalWeakTable<FrameAllocator, byte[]> s_metadata = new();

        // What every layout reserves, at GRUB's usual places: the boot information, the kernel image
        // at 2 MiB and two modules right after it; unaligned ends, as GRUB reports them.
        public static readonly (ulong Start, ulong End)[] BootReservations =
        {
            (0x9000, 0x9520),
            (0x200000, 0x2A5123),
            (0x2A6000, 0x2F83A8),
        };

        // Frames those reservations cover: 1 + 166 + 83.
        public const ulong ReservedFrames = 250;

        public static FrameAllocator New(ulong frameCount, out byte[] metadata)
        {
            metadata = GC.AllocateArray<byte>(checked((int)FrameAllocator.MetadataBytes(frameCount)), pinned: true);
            // Garbage, to show the constructor ignores what the memory held.
            Array.Fill(metadata, (byte)0xA5);
            var allocator = new FrameAllocator(frameCount, Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(metadata)));
            s_metadata.Add(allocator, metadata);
            return allocator;
        }

        public static FrameAllocator New(ulong frameCount) => New(frameCount, out _);

        // QEMU's BIOS map with 64 MiB: conventional memory, the VGA/BIOS hole, extended memory up to
        // the ACPI tables at the top. 159 + 16,096 RAM frames, less the reservations.
        public static FrameAllocator Qemu64MiB(bool reserveFirst = false)
        {
            var allocator = New(64 * MiB / Frame);
            if (reserveFirst) ReserveBootRanges(allocator);
            allocator.AddFree(0, 0x9FC00);
            allocator.AddFree(0x100000, 0x3FE0000);
            if (!reserveFirst) ReserveBootRanges(allocator);
            return allocator;
        }

        public const ulong Qemu64MiBFrames = 159 + 16096 - ReservedFrames;

        // 6 GiB: RAM up to 3 GiB, the PCI hole below 4 GiB, the rest of RAM from 4 GiB.
        // 159 + 786,144 + 524,288 RAM frames, less the reservations.
        public static FrameAllocator Machine6GiB()
        {
            var allocator = New(6 * GiB / Frame);
            allocator.AddFree(0, 0x9FC00);
            allocator.AddFree(0x100000, 0xBFFE0000);
            allocator.AddFree(4 * GiB, 6 * GiB);
            ReserveBootRanges(allocator);
            return allocator;
        }

        public const ulong Machine6GiBFrames = 159 + 786144 + 524288 - ReservedFrames;

        public static bool IsBootReserved(ulong physical)
        {
            foreach (var (start, end) in BootReservations)
                if (physical + Frame > start && physical < end) return true;
            return false;
        }

        private static void ReserveBootRanges(FrameAllocator allocator)
        {
            foreach (var (start, end) in BootReservations)
                if (!allocator.Reserve(start, end)) throw new InvalidOperationException("boot reservation refused");
        }
    }
}
