using Lunix.Abi;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // SETGRANT (MINIX's sys_setgrant): registers the caller's grant table, `entries` Grant
    // records at `table` in its own memory (0 entries: none). The kernel keeps only where it is
    // and reads an entry at each copy, so the owner makes and revokes grants by writing its table.
    // EINVAL for more than Grant.MaxTableEntries, EFAULT for a table outside the user half.
    internal static class DoSetGrant
    {
        public static long Run(int slot, ulong table, ulong entries)
        {
            if (entries > Grant.MaxTableEntries) return -(long)Errno.EINVAL;
            if (!new UserSlice<Readable>(table, entries * Grant.Size).IsInUserHalf) return -(long)Errno.EFAULT;
            ref Process.Process process = ref ProcessTable.Slot(slot);
            process.GrantTable = table;
            process.GrantEntries = (int)entries;
            return 0;
        }
    }
}
