using Lunix.Arch.X86.Memory;
using Lunix.Abi;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // VMRESOLVE (MINIX's VMCTL_CLEAR_PAGEFAULT and VMCTL_MEMREQ_REPLY in one call): VM's answer to
    // a process waiting for it (VmSuspension). MapZero or CopyOnWrite first fixes the page at
    // `address` of that process, then the process goes on: its faulting instruction or its
    // suspended kernel call runs again. Fail refuses it (SIGSEGV for a fault, EFAULT for a kernel
    // call); Refuse too, for an address inside a region, and a fault's error code then says it
    // was a protection violation (SEGV_ACCERR). EINVAL for a process that is not waiting for VM
    // (a forged request) or a bad action;
    // when the page cannot be fixed (ENOMEM, EFAULT) the process keeps waiting, for VM to decide.
    internal static unsafe class DoVmResolve
    {
        public static long Run(long endpoint, ulong address, long action, long protection)
        {
            Errno error = VmTarget.Resolve(endpoint, out int slot);
            if (error != Errno.Ok) return -(long)error;
            ref Process.Process process = ref ProcessTable.Slot(slot);
            if (process.State != ProcessState.AwaitingVm) return -(long)Errno.EINVAL;
            ulong page = address & ~(VmRequests.PageSize - 1);
            switch ((VmAction)action)
            {
                case VmAction.MapZero:
                    if (page >= UserAccess.UserLimit) return -(long)Errno.EFAULT;
                    if (!VmTarget.TryAttributes(protection, out PageAttributes attributes)) return -(long)Errno.EINVAL;
                    error = VmTarget.BackPage(ref process.Space, page, attributes);
                    break;
                case VmAction.CopyOnWrite:
                    error = CopyOnWrite(ref process.Space, page);
                    break;
                case VmAction.Retry:
                    break;
                case VmAction.Refuse:
                    if (process.VmWait == VmWait.PageFault) ProcessTable.FrameOf(slot)->ErrorCode |= (ulong)VmFaultCode.Present;
                    VmSuspension.Resume(slot, allowed: false);
                    return 0;
                case VmAction.Fail:
                    VmSuspension.Resume(slot, allowed: false);
                    return 0;
                default:
                    return -(long)Errno.EINVAL;
            }
            if (error != Errno.Ok) return -(long)error;
            VmSuspension.Resume(slot, allowed: true);
            return 0;
        }

        // A page that is writable already was resolved by an earlier fault (or never needed it).
        private static Errno CopyOnWrite(ref AddressSpace space, ulong page)
        {
            if (page >= UserAccess.UserLimit) return Errno.EFAULT;
            PagingResult result = space.ResolveCopyOnWrite(page);
            if (result == PagingResult.NotCopyOnWrite && space.Query(page, out PageMapping mapping)
                && (mapping.Attributes & (PageAttributes.User | PageAttributes.Writable)) == (PageAttributes.User | PageAttributes.Writable))
                return Errno.Ok;
            return VmTarget.ErrnoOf(result);
        }
    }
}
