using Lunix.Arch.X86;
using Lunix.Arch.X86.Memory;

namespace Lunix.Kernel.Memory
{
    // Kernel-mode page faults that are not crashes: those inside the user-copy routine. A write
    // to a copy-on-write user page is resolved and the copy retried; anything else there ends
    // the copy early, so the caller gets EFAULT. Every other kernel fault is a crash (the caller
    // reports it). User-mode faults go to the VM server (Process/VmSuspension.cs).
    public static unsafe class PageFaultHandler
    {
        // Copy-on-write faults resolved so far (the memory suite checks a page faults only once).
        public static ulong ResolvedFaults { get; private set; }

        public static bool TryHandle(TrapFrame* frame)
        {
            PageFault fault = PageFault.From(frame);
            if (fault.FromUserMode || fault.Address >= UserAccess.UserLimit || !UserAccess.IsInCopy(frame->Rip, out ulong fixup))
                return false;
            if (fault.Access == FaultAccess.Write && fault.PagePresent
                && KernelAddressSpace.Active.ResolveCopyOnWrite(fault.Address) == PagingResult.Ok)
            {
                ResolvedFaults++;
                frame->Rip = UserAccess.RetryPoint(frame->Rip);  // the faulting instruction, or the block copy's loads
                return true;
            }
            frame->Rip = fixup;
            return true;
        }
    }
}
