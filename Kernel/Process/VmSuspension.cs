using System;
using Lunix.Arch.X86;
using Lunix.Abi;
using Lunix.Kernel.Calls;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Process
{
    // The kernel's side of the VM server (MINIX's RTS_PAGEFAULT and vm_suspend): a process whose
    // page fault, system call or incoming message needs memory VM decides about is taken off the
    // CPU, and VM gets a message in the process's name (IpcEngine.SendOnBehalf): at once when it
    // waits, else queued behind its other senders. Nothing is kept here for VM to poll. VM answers
    // with VmResolve, which ends in Resume. Without a live VM, and for VM's own faults, none of
    // this happens.
    public static unsafe class VmSuspension
    {
        public const int VmSlot = BootEndpoints.Vm;
        private const ulong SyscallLength = 2;                      // `syscall` is 0F 05

        // VM serves everyone but itself, once the boot image started it with its calls allowed;
        // a VM that crashed still does while it waits for RS to restart it (the faults wait in
        // its queue, and VmEnded sends them to the new instance).
        public static bool Serves(int slot)
        {
            ProcessState vm = ProcessTable.Slot(VmSlot).State;
            return slot != VmSlot && (vm == ProcessState.Runnable || vm == ProcessState.Blocked || vm == ProcessState.Suspended)
                   && IpcProcesses.MayCall(VmSlot, KernelCalls.VmResolve);
        }

        // A ring-3 page fault: the faulting instruction runs again once VM has resolved it.
        public static void PageFault(int slot, TrapFrame* frame)
        {
            ulong address = Cpu.ReadCr2();
            ref Process process = ref Hold(slot, VmWait.PageFault);
            process.FaultAddress = address;
            Message message = default;
            message.Type = VmRequests.PageFault;
            ref VmPageFault fault = ref message.Payload<VmPageFault>();
            fault.Address = address;
            fault.ErrorCode = (long)frame->ErrorCode;
            fault.Space = process.SpaceId;
            KernelMessages.SendOnBehalf(slot, VmSlot, in message);
        }

        // A system call of `slot` (a kernel call, or an IPC trap reading its message buffer) touched
        // `page` of `owner`'s memory (the caller's own, or a grant owner's) where nothing is mapped:
        // the call waits, and starts again once VM has backed it. Returns KernelCallTable.Suspended,
        // for the call to return.
        public static long KernelCall(int slot, int owner, ulong page, bool write, ulong length = VmRequests.PageSize)
        {
            Request(slot, VmWait.KernelCall, owner, page, write, length);
            return KernelCallTable.Suspended;
        }

        // The most a wait asks VM to back at once: a copy of more starts again past it.
        private const ulong BackedAtOnce = 1 << 20;

        // A kernel call's copy of `owner`'s memory [address, address + length) failed (MINIX's
        // data_copy_vmcheck): a page of it that is not mapped at all may be one VM has not backed
        // yet, so the call waits for VM and starts again from its `syscall`; otherwise, or
        // without VM, EFAULT. Only for a call that has changed nothing yet: it runs again whole.
        // VM is asked for the rest of the range from the first absent page on (BackedAtOnce at
        // most), since the call will touch it all.
        public static long Unbacked(int slot, int owner, ulong address, ulong length, bool write) =>
            Serves(slot) && FindAbsent(owner, address, length, out ulong page)
                ? KernelCall(slot, owner, page, write, Math.Min(address + length - page, BackedAtOnce))
                : -(long)Errno.EFAULT;

        // A kernel call's copy from or to its caller's own memory, with Unbacked on failure (the
        // page asked for readable or writable as the slice's type says): 0 when copied, else what
        // the call returns (KernelCallTable.Suspended or EFAULT).
        public static long CopyIn(int slot, UserSlice<Readable> from, Span<byte> into) =>
            from.CopyTo(into) == Errno.Ok ? 0 : Unbacked(slot, slot, from.Address, from.Length, write: false);

        public static long CopyOut(int slot, UserSlice<Writable> into, ReadOnlySpan<byte> from) =>
            into.CopyFrom(from) == Errno.Ok ? 0 : Unbacked(slot, slot, into.Address, into.Length, write: true);

        // A message for `slot` could not be written to its buffer, at `page`, where nothing is
        // mapped: it stays in the process's IPC slot (MessageDelivery) and is written when the process
        // next runs, once VM has backed the page and the `length` after it (the rest of the buffer).
        public static void Delivery(int slot, ulong page, ulong length) => Request(slot, VmWait.Delivery, slot, page, write: true, length);

        private static void Request(int slot, VmWait wait, int owner, ulong page, bool write, ulong length)
        {
            Hold(slot, wait);
            Message message = default;
            message.Type = VmRequests.MemoryRequest;
            ref VmMemoryRequest request = ref message.Payload<VmMemoryRequest>();
            request.Page = page;
            request.Owner = IpcProcesses.EndpointOf(owner);
            request.Write = write;
            request.OwnerSpace = ProcessTable.Slot(owner).SpaceId;
            request.Length = length;
            KernelMessages.SendOnBehalf(slot, VmSlot, in message);
        }

        // The first page of [address, address + length) that `slot` does not map at all, if any:
        // what a failed copy may wait for (a page that is there but refuses the access may not).
        public static bool FindAbsent(int slot, ulong address, ulong length, out ulong page)
        {
            ref AddressSpace space = ref ProcessTable.Slot(slot).Space;
            ulong end = address + length;
            for (page = address & ~(VmRequests.PageSize - 1); page < end && page < Arch.X86.Memory.UserAccess.UserLimit; page += VmRequests.PageSize)
                if (!space.Query(page, out _)) return true;
            return false;
        }

        private static ref Process Hold(int slot, VmWait wait)
        {
            ref Process process = ref ProcessTable.Slot(slot);
            Scheduler.Remove(slot);
            process.State = ProcessState.AwaitingVm;
            process.VmWait = wait;
            return ref process;
        }

        // VM's verdict on a waiting process. Allowed: a fault retries its instruction; a system
        // call starts again from its `syscall`, with the registers it was made with; a delivery is
        // tried again when the process next runs. Refused: a fault is reported and raised as
        // SIGSEGV (UserFaults.Stop); a system call fails with EFAULT; the message is lost and the
        // call that received it fails with EFAULT (MessageDelivery.DropDelivery, as MINIX).
        public static void Resume(int slot, bool allowed)
        {
            ref Process process = ref ProcessTable.Slot(slot);
            TrapFrame* frame = ProcessTable.FrameOf(slot);
            switch (process.VmWait)
            {
                case VmWait.PageFault:
                    if (!allowed)
                    {
                        UserFaults.Stop(slot, frame, process.FaultAddress);
                        return;
                    }
                    break;
                case VmWait.KernelCall:
                    if (allowed) frame->Rip -= SyscallLength;
                    else frame->Rax = unchecked((ulong)-(long)Errno.EFAULT);
                    break;
                case VmWait.Delivery:
                    if (!allowed) MessageDelivery.DropDelivery(slot);
                    break;
            }
            StoppedProcesses.WaitEnded(slot);
        }

        // VM ended: the old instance will answer nobody, so each process waiting for it tries again
        // (its faulting instruction, or its kernel call). A VM restarted meanwhile (the usual case:
        // RS restarts it in the same RESTART) gets the fault or request anew and answers it from
        // the regions it finds in VmCheckpoints; with no VM left the fault is an ordinary one.
        public static void VmEnded()
        {
            for (int slot = 0; slot < ProcessTable.Slots; slot++)
                if (ProcessTable.Slot(slot).State == ProcessState.AwaitingVm) Resume(slot, allowed: true);
        }
    }
}
