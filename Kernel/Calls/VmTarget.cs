using Lunix.Arch.X86.Memory;
using Lunix.Abi;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Calls
{
    // What VM's calls share: the process a call names (any live one: VM owns all user memory),
    // the page-aligned user range it acts on (never the kernel half, whose tables every space
    // shares), and the attributes of the pages VM gives: never both writable and executable
    // (W^X, kept here whatever VM asks), and without the user bit for NoAccess (PROT_NONE: the
    // page and its bytes stay, out of ring 3's reach).
    internal static class VmTarget
    {
        private const ulong PageSize = VmRequests.PageSize;

        public static Errno Resolve(long endpoint, out int slot) =>
            IpcProcesses.TryResolve(endpoint, out slot) && ProcessTable.Slot(slot).Space.IsCreated ? Errno.Ok : Errno.EDEADSRCDST;

        public static bool IsUserRange(ulong address, ulong length) =>
            ((address | length) & (PageSize - 1)) == 0 && length != 0 && length <= UserAccess.UserLimit && address <= UserAccess.UserLimit - length;

        private const long Known = (long)(VmProtection.Writable | VmProtection.Executable | VmProtection.NoAccess | VmProtection.Shared);

        // The page attributes of a VmProtection; false for unknown bits, writable and executable
        // together, or NoAccess with either.
        public static bool TryAttributes(long protection, out PageAttributes attributes)
        {
            attributes = PageAttributes.None;
            const long Access = (long)(VmProtection.Writable | VmProtection.Executable | VmProtection.NoAccess);
            long access = protection & Access;
            if ((protection & ~Known) != 0 || access != 0 && (access & (access - 1)) != 0) return false;
            attributes = access == (long)VmProtection.NoAccess ? PageAttributes.NoExecute : PageAttributes.User;
            if ((protection & (long)VmProtection.Executable) == 0) attributes |= PageAttributes.NoExecute;
            if ((protection & (long)VmProtection.Writable) != 0) attributes |= PageAttributes.Writable;
            if ((protection & (long)VmProtection.Shared) != 0) attributes |= PageAttributes.Shared;
            return true;
        }

        // A zeroed frame at an absent page; a page already there is left as it is (another fault
        // on a shared range, or a retried request, got there first).
        public static Errno BackPage(ref AddressSpace space, ulong page, PageAttributes attributes)
        {
            PagingResult result = space.MapAnonymous(page, PageSize, attributes);
            return result == PagingResult.Ok || result == PagingResult.Overlap ? Errno.Ok : ErrnoOf(result);
        }

        public static Errno ErrnoOf(PagingResult result) => result switch
        {
            PagingResult.Ok => Errno.Ok,
            PagingResult.OutOfFrames or PagingResult.ReferenceOverflow => Errno.ENOMEM,
            PagingResult.NotMapped or PagingResult.NotCopyOnWrite => Errno.EFAULT,
            _ => Errno.EINVAL,
        };
    }
}
