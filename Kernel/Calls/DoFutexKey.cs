using Lunix.Arch.X86.Memory;
using Lunix.Abi;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // FUTEXKEY: a0 = the endpoint of a POSIX process the caller manages (PM), a1 = the address of
    // a 4-byte-aligned word in its memory. A futex word in MAP_SHARED memory is the same futex for
    // every process that maps the page, wherever each maps it, so PM keys it by the word's
    // physical address, which this returns; a word in private memory (copy-on-write after a fork
    // included) is the process's own, and the answer is 0. EFAULT for an address it does not map,
    // EINVAL for a misaligned one, EINVAL for a process that is not a Linux program.
    internal static class DoFutexKey
    {
        public static long Run(int slot, long endpoint, ulong address)
        {
            Errno refused = ManagedTarget.ResolvePosix(slot, endpoint, out int target);
            if (refused != Errno.Ok) return -(long)refused;
            ref Process.Process process = ref ProcessTable.Slot(target);
            if ((address & 3) != 0) return -(long)Errno.EINVAL;
            if (address >= UserAccess.UserLimit || !process.Space.Query(address, out PageMapping mapping)
                || (mapping.Attributes & PageAttributes.User) == 0)
                return -(long)Errno.EFAULT;
            return (mapping.Attributes & PageAttributes.Shared) != 0 ? (long)mapping.Translate(address) : 0;
        }
    }
}
