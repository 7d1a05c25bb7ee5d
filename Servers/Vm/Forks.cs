using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Vm
{
    // fork, VM's part (MINIX's VM_FORK): the kernel copies the process (FORK: its memory
    // copy-on-write, its waiting call), VM copies its regions (RegionTable.Inherit) and does
    // what the regions say about a fork. MAP_SHARED memory stays shared: the kernel's copy keeps
    // pages marked Shared shared, and every page of such a region is backed before the copy,
    // since a page still absent then would be each side's own at its first touch afterwards.
    // MADV_DONTFORK regions are not the child's; MADV_WIPEONFORK regions are, empty.
    internal static class Forks
    {
        // A native program's fork (VmRequests.Fork): the child waits for this same reply, and
        // gets 0 first; the caller's answer is the child's endpoint, or why there is none.
        public static int ForkCaller(RegionTable regions, int caller)
        {
            long child = Copy(regions, caller);
            if (child < 0) return (int)child;
            Message answer = default;
            answer.Type = VmRequests.Fork + 1;
            Sef.Reply((int)child, ref answer);
            return (int)child;
        }

        // A POSIX process's fork, asked by PM (VmRequests.ForkProcess): both wait for PM's reply.
        public static int ForkProcess(RegionTable regions, int process) => (int)Copy(regions, process);

        // The child's endpoint; EAGAIN, ENOMEM, EINVAL (a process not waiting for the right
        // server) from the kernel; ENOMEM when shared memory could not be backed.
        private static long Copy(RegionTable regions, int parent)
        {
            if (!BackShared(regions, parent)) return -(int)Errno.ENOMEM;
            long child = Syscalls.KernelCall(KernelCalls.Fork, parent);
            if (child < 0) return child;
            // Fails only for a parent or child that died meanwhile: the child exists, so it is
            // answered regardless.
            if (regions.Inherit(parent, (int)child) == 0) ApplyAdvice(regions, (int)child);
            return child;
        }

        private static bool BackShared(RegionTable regions, int parent)
        {
            if (regions.Open(parent, out int entry) != 0) return true;
            foreach (VmRegion region in regions.Regions(entry))
                if ((region.Flags & (VmRegionFlags.Shared | VmRegionFlags.Device)) == VmRegionFlags.Shared
                    && Syscalls.KernelCall(KernelCalls.VmMap, parent, (long)region.Start, (long)region.Length, (long)RegionTable.PageRights(in region)) != 0)
                    return false;
            return true;
        }

        // A driver's device and DMA memory stays its own: its device is not the child's. A
        // program's MAP_SHARED mapping of a device (/dev/fb0; Device and Shared) is the child's
        // too, as on Linux: the kernel's copy shares device pages as they are.
        private static bool DroppedAtFork(VmRegionFlags flags) =>
            (flags & VmRegionFlags.DontFork) != 0 || (flags & (VmRegionFlags.Device | VmRegionFlags.Shared)) == VmRegionFlags.Device;

        private static void ApplyAdvice(RegionTable regions, int child)
        {
            if (regions.Open(child, out int entry) != 0) return;
            bool dropped = false;
            for (int i = 0; i < regions.Regions(entry).Length;)
            {
                VmRegion region = regions.Regions(entry)[i];
                if (DroppedAtFork(region.Flags) || (region.Flags & VmRegionFlags.WipeOnFork) != 0)
                    Syscalls.KernelCall(KernelCalls.VmUnmap, child, (long)region.Start, (long)region.Length);
                if (!DroppedAtFork(region.Flags))
                {
                    i++;
                    continue;
                }
                regions.Clear(entry, region.Start, region.End);        // a whole region: no split, never ENOMEM
                dropped = true;
            }
            if (dropped) regions.Save(entry);
        }
    }
}
