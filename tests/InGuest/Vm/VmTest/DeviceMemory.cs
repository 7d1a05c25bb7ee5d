using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Tests.InGuest.VmTest
{
    // The vm suite's checks of drivers' memory: device memory mapped through VM (MapPhysical)
    // inside the program's memory ranges only (its manifest entry lists the HPET's page, the
    // framebuffer, and a page of RAM that must still be refused), DMA memory (MapContiguous)
    // whose pages are physically consecutive and which goes back to the frame allocator when
    // unmapped, and the screen GETINFO describes.
    internal static unsafe class DeviceMemory
    {
        private const ulong Page = VmRequests.PageSize;
        private const ulong Hpet = 0xFED00000;
        private const uint IntelVendor = 0x8086;

        // The screen as the firmware left it: the BIOS's 80x25 text mode at 0xB8000, or GOP's pixels.
        public static bool ScreenDescribed()
        {
            if (Kernel.Framebuffer(out FramebufferInfo screen) != 0) return false;
            if (screen.Format == FramebufferFormat.Text)
                return screen.Physical == 0xB8000 && screen.Width == 80 && screen.Height == 25 && screen.Pitch == 160;
            return screen.Format == FramebufferFormat.Rgb && screen.Physical != 0 && screen.Width > 0 && screen.Height > 0
                   && screen.Pitch >= screen.Width * (uint)(screen.BitsPerPixel / 8) && screen.RedSize > 0;
        }

        // The HPET's registers (every QEMU PC has one at 0xFED00000) mapped uncached: its
        // capabilities name Intel's vendor ID and a non-zero tick period, through either of two
        // mappings of the page (the device itself, not a copy), and UMAP finds the physical
        // page. Read only: the kernel owns the timer. The framebuffer maps write-combining.
        // Ranges outside the program's memory ranges, straddling their end, RAM (0x100000, though
        // listed), misaligned or with unknown caching are refused.
        public static bool MapsDeviceMemory()
        {
            if (VirtualMemory.MapPhysical(Hpet, Page, PhysicalCaching.Uncached, out ulong first) != 0
                || VirtualMemory.MapPhysical(Hpet, Page, PhysicalCaching.Uncached, out ulong second) != 0 || first == second)
                return false;
            // 32-bit accesses: the HPET, like many devices, need not take wider ones.
            uint* registers = (uint*)first;
            bool device = registers[0] >> 16 == IntelVendor && registers[1] != 0 && ((uint*)second)[0] == registers[0]
                          && Syscalls.KernelCall(KernelCalls.Umap, (long)first, 8) == (long)Hpet;
            bool unmapped = VirtualMemory.Unmap(first, Page) == 0 && VirtualMemory.Unmap(second, Page) == 0;
            bool framebuffer = Kernel.Framebuffer(out FramebufferInfo screen) == 0
                               && VirtualMemory.MapPhysical(screen.Physical & ~(Page - 1), Page, PhysicalCaching.WriteCombining, out ulong pixels) == 0
                               && VirtualMemory.Unmap(pixels, Page) == 0;
            const int EPERM = -(int)Errno.EPERM, EINVAL = -(int)Errno.EINVAL;
            bool refused = VirtualMemory.MapPhysical(Hpet + Page, Page, PhysicalCaching.Uncached, out _) == EPERM
                           && VirtualMemory.MapPhysical(Hpet, 2 * Page, PhysicalCaching.Uncached, out _) == EPERM
                           && VirtualMemory.MapPhysical(0x100000, Page, PhysicalCaching.Uncached, out _) == EPERM
                           && VirtualMemory.MapPhysical(Hpet + 8, Page, PhysicalCaching.Uncached, out _) == EINVAL
                           && VirtualMemory.MapPhysical(Hpet, Page, (PhysicalCaching)7, out _) == EINVAL;
            return device && unmapped && framebuffer && refused;
        }

        // 64 KiB of DMA memory: zeroed, below 4 GiB, each page at the physical address the reply
        // gave plus its offset; unmapped, its 16 frames are free again. More than 4 MiB is refused.
        public static bool MapsContiguousMemory()
        {
            const ulong Length = 16 * Page;
            if (Kernel.MemoryFrames(out _, out ulong freeBefore) != 0
                || VirtualMemory.MapContiguous(Length, out ulong address, out ulong physical) != 0)
                return false;
            bool placed = physical != 0 && physical + Length <= 1UL << 32 && physical % Page == 0;
            bool zeroed = true;
            for (ulong offset = 0; offset < Length; offset += Page)
            {
                placed &= Syscalls.KernelCall(KernelCalls.Umap, (long)(address + offset), 8) == (long)(physical + offset);
                zeroed &= ((ulong*)(address + offset))[0] == 0 && ((ulong*)(address + offset))[511] == 0;
                ((ulong*)(address + offset))[1] = offset;
            }
            bool taken = Kernel.MemoryFrames(out _, out ulong freeDuring) == 0 && freeBefore - freeDuring >= 16;
            bool freed = VirtualMemory.Unmap(address, Length) == 0 && Kernel.MemoryFrames(out _, out ulong freeAfter) == 0
                         && freeDuring + 16 <= freeAfter;
            bool refused = VirtualMemory.MapContiguous(8UL << 20, out _, out _) == -(int)Errno.EINVAL;
            return placed && zeroed && taken && freed && refused;
        }
    }
}
