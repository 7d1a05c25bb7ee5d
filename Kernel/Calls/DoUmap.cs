using Lunix.Arch.X86.Memory;
using Lunix.Abi;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // UMAP: the physical address behind one of the caller's own virtual addresses (drivers give
    // it to devices for DMA). a0 = virtual address, a1 = length that must lie in one page.
    // Returns the physical address, or EFAULT for an address the caller does not map.
    internal static class DoUmap
    {
        public static long Run(int slot, ulong address, ulong length)
        {
            if (address >= UserAccess.UserLimit) return -(long)Errno.EFAULT;
            ref AddressSpace space = ref ProcessTable.Slot(slot).Space;
            if (!space.Query(address, out PageMapping mapping) || (mapping.Attributes & PageAttributes.User) == 0)
                return -(long)Errno.EFAULT;
            if (length == 0 || address - mapping.PageAddress + length > mapping.PageSize) return -(long)Errno.EINVAL;
            return (long)mapping.Translate(address);
        }
    }
}
