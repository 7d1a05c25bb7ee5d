using Lunix.Abi;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // VMMOVE: VM moves the pages of [from, from + length) of a process to [to, to + length) of
    // the same process (mremap), frames, rights and copy-on-write state with them; the target
    // range must be empty (VM unmaps it first) and apart from the source (EINVAL otherwise).
    // ENOMEM (a page table) changes nothing.
    internal static class DoVmMove
    {
        public static long Run(long endpoint, ulong from, ulong to, ulong length)
        {
            Errno error = VmTarget.Resolve(endpoint, out int slot);
            if (error != Errno.Ok) return -(long)error;
            if (!VmTarget.IsUserRange(from, length) || !VmTarget.IsUserRange(to, length)) return -(long)Errno.EINVAL;
            PagingResult moved = ProcessTable.Slot(slot).Space.Move(from, to, length);
            return moved == PagingResult.Overlap ? -(long)Errno.EINVAL : -(long)VmTarget.ErrnoOf(moved);
        }
    }
}
