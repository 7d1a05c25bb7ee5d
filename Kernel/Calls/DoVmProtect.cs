using Lunix.Abi;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // VMPROTECT: VM changes what the pages of a range of a process allow (mprotect), a3 = the
    // VmProtection. Only the pages there change (holes are fine: VM keeps the regions, and a page
    // not there yet gets its region's rights at its fault); a page shared on purpose keeps that
    // mark, and a private one asked to be writable while another space still maps its frame
    // becomes copy-on-write rather than writable (AddressSpace.ChangeRights). EINVAL for a bad
    // range or protection (writable and executable together).
    internal static class DoVmProtect
    {
        public static long Run(long endpoint, ulong address, ulong length, long protection)
        {
            Errno error = VmTarget.Resolve(endpoint, out int slot);
            if (error != Errno.Ok) return -(long)error;
            if (!VmTarget.IsUserRange(address, length) || !VmTarget.TryAttributes(protection & ~(long)VmProtection.Shared, out PageAttributes rights))
                return -(long)Errno.EINVAL;
            return -(long)VmTarget.ErrnoOf(ProcessTable.Slot(slot).Space.ChangeRights(address, length, rights));
        }
    }
}
