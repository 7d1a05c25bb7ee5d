using Lunix.Abi;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // VMMAP: VM backs the absent pages of a range of a process with zeroed frames now, rather
    // than at their first touch: before it shares a range (VmShare maps only what is there), and
    // for a suspended kernel call that needs a page of another process (a grant owner's). Pages
    // already there are left as they are. ENOMEM part-way keeps the pages backed so far.
    internal static class DoVmMap
    {
        public static long Run(long endpoint, ulong address, ulong length, long protection)
        {
            Errno error = VmTarget.Resolve(endpoint, out int slot);
            if (error != Errno.Ok) return -(long)error;
            if (!VmTarget.IsUserRange(address, length) || !VmTarget.TryAttributes(protection, out PageAttributes attributes)) return -(long)Errno.EINVAL;
            ref AddressSpace space = ref ProcessTable.Slot(slot).Space;
            for (ulong page = address; page < address + length; page += VmRequests.PageSize)
            {
                if (space.Query(page, out _)) continue;
                error = VmTarget.BackPage(ref space, page, attributes);
                if (error != Errno.Ok) return -(long)error;
            }
            return 0;
        }
    }
}
