using Lunix.Abi;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // VMUNMAP: VM removes the pages of a range of a process (munmap, unmap_memory): each frame
    // loses that mapping's reference, so a frame nobody else maps is freed, and a copy-on-write
    // frame left with one mapping is taken back in place by its next write fault.
    internal static class DoVmUnmap
    {
        public static long Run(long endpoint, ulong address, ulong length)
        {
            Errno error = VmTarget.Resolve(endpoint, out int slot);
            if (error != Errno.Ok) return -(long)error;
            if (!VmTarget.IsUserRange(address, length)) return -(long)Errno.EINVAL;
            return -(long)VmTarget.ErrnoOf(ProcessTable.Slot(slot).Space.Unmap(address, length));
        }
    }
}
