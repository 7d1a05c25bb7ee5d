using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // VMMAPPHYSICAL: VM maps device memory into a driver (MINIX's vm_map_phys): registers behind
    // a PCI BAR, the VGA text buffer, the framebuffer; or into a program that mapped a device the
    // driver owns (mmap of /dev/fb0), on that driver's authority. The physical range must lie in
    // one of the authority's memory ranges (its manifest entry's `memory`, or what its device's
    // reservation added; the target's own when a0 names no other, PhysicalMapping.Target) and
    // must not be RAM: only memory the frame allocator never knew (holes and device ranges above
    // RAM) and the legacy VGA window, which lies in the first MiB the kernel keeps reserved. A
    // mapping of a frame of RAM would reach the kernel or outlive the frame's owner. The pages are
    // user, writable unless ReadOnly, never executable, uncached or write-combining, and no frame
    // is referenced, so unmapping them (or the target's end) frees nothing. Returns 0, EPERM
    // outside the authority's ranges or over RAM, EINVAL for bad arguments, EDEADSRCDST for a
    // target or authority that is not there, EEXIST where a page is mapped already, ENOMEM for a
    // page table.
    internal static class DoVmMapPhysical
    {
        public static long Run(long endpoints, ulong address, ulong length, long packed)
        {
            Errno error = VmTarget.Resolve(PhysicalMapping.TargetOf(endpoints), out int slot);
            if (error != Errno.Ok) return -(long)error;
            if (!IpcProcesses.TryResolve(PhysicalMapping.AuthorityOf(endpoints), out int authority)) return -(long)Errno.EDEADSRCDST;
            ulong physical = PhysicalMapping.Physical(packed);
            long caching = PhysicalMapping.Caching(packed);
            if (!VmTarget.IsUserRange(address, length) || caching is not ((long)PhysicalCaching.Uncached or (long)PhysicalCaching.WriteCombining))
                return -(long)Errno.EINVAL;
            if (!IpcProcesses.PrivilegesOf(authority).MayMapMemory(physical, length) || CoversRam(physical, length)) return -(long)Errno.EPERM;
            PageAttributes attributes = PageAttributes.User | PageAttributes.NoExecute
                                        | (PhysicalMapping.IsReadOnly(packed) ? PageAttributes.None : PageAttributes.Writable)
                                        | (caching == (long)PhysicalCaching.Uncached ? PageAttributes.CacheDisable : PageAttributes.WriteCombining);
            PagingResult result = ProcessTable.Slot(slot).Space.Map(address, physical, length, attributes);
            return result == PagingResult.Overlap ? -(long)Errno.EEXIST : -(long)VmTarget.ErrnoOf(result);
        }

        private const ulong VgaWindowStart = 0xA0000, VgaWindowEnd = 0xC0000;

        private static bool CoversRam(ulong physical, ulong length)
        {
            for (ulong page = physical; page < physical + length; page += VmRequests.PageSize)
                if (!(page >= VgaWindowStart && page < VgaWindowEnd) && !KernelAddressSpace.Context.Frames.IsAbsent(page)) return true;
            return false;
        }
    }
}
