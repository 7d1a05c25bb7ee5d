using System.Runtime.CompilerServices;
using Lunix.Abi;
using Lunix.Arch.X86;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Ipc
{
    // Getting results and messages to processes. A process an IPC primitive released gets its
    // status in its saved RAX at once; a message it received waits in its IPC slot and is
    // written to its buffer when it next returns to ring 3 (MINIX's MF_DELIVERMSG), with its own
    // page tables loaded: no page walk, and one copy however many processes a call releases. A
    // POSIX process has no buffer (PosixReplies): its server's reply becomes its RAX.
    internal static unsafe class MessageDelivery
    {
        private static ulong[] s_buffers;           // each slot's message buffer
        private static bool[] s_deliveryPending;

        public static void Initialize()
        {
            s_buffers = new ulong[ProcessTable.Slots];
            s_deliveryPending = new bool[ProcessTable.Slots];
        }

        // The buffer of the caller's last IPC call: where a message it receives will be written.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void RememberBuffer(int slot, ulong buffer) => s_buffers[slot] = buffer;

        public static void MarkPending(int slot) => s_deliveryPending[slot] = true;

        public static void Forget(int slot) => s_deliveryPending[slot] = false;

        public static void Swap(int a, int b)
        {
            (s_buffers[a], s_buffers[b]) = (s_buffers[b], s_buffers[a]);
            (s_deliveryPending[a], s_deliveryPending[b]) = (s_deliveryPending[b], s_deliveryPending[a]);
        }

        public static void CopyBuffer(int from, int to) => s_buffers[to] = s_buffers[from];

        // Where a POSIX process's replies go: not to memory but to its RAX (PosixDoor.Answer, when
        // it next returns to ring 3).
        public const ulong PosixReplies = ulong.MaxValue;

        public static bool IsPosix(int slot) => s_buffers[slot] == PosixReplies;

        // A message for the process waits in its IPC slot to be delivered (for a POSIX process:
        // its server's answer, not yet in its RAX).
        public static bool HasPending(int slot) => s_deliveryPending[slot];

        // Every process the last primitive released, woken with its result.
        public static void WakeReleased()
        {
            while (IpcProcesses.Engine.TakeResumed(out Resumption resumption))
                Wake(resumption.Slot, resumption.Error, resumption.HasMessage);
        }

        private static void Wake(int slot, Errno error, bool withMessage)
        {
            // VM took the message the kernel sent in its name (or VM ended): only VM's answer, or
            // its end (VmSuspension.VmEnded), lets the process go on.
            if (ProcessTable.Slot(slot).State == ProcessState.AwaitingVm) return;
            // A POSIX process's server went away in the middle of its call: Linux's EIO.
            if (error != Errno.Ok && s_buffers[slot] == PosixReplies) error = Errno.EIO;
            SetOutcome(slot, error, withMessage);
            if (ProcessTable.Slot(slot).State == ProcessState.Blocked) StoppedProcesses.WaitEnded(slot);
        }

        // What a released process finds when it runs: its trap's result, and its message if any.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void SetOutcome(int slot, Errno error, bool withMessage)
        {
            s_deliveryPending[slot] = withMessage;
            ProcessTable.FrameOf(slot)->Rax = (ulong)-(long)error;
        }

        // Called with `slot`'s address space loaded, just before `next`, its frame, returns to
        // ring 3: returns the frame to resume, another process's if this one's message has to
        // wait for VM.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TrapFrame* DeliverPending(int slot, TrapFrame* next) =>
            s_deliveryPending[slot] ? Deliver(slot, next) : next;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TrapFrame* Deliver(int slot, TrapFrame* next)
        {
            s_deliveryPending[slot] = false;
            ulong buffer = s_buffers[slot];
            // A POSIX process's "buffer" (PosixReplies) is no user address: the reply becomes
            // its RAX.
            if (buffer == PosixReplies)
            {
                PosixDoor.Answer(slot);
                return next;
            }
            if (WriteIncoming(slot, buffer) == Errno.Ok) return next;
            return Undelivered(slot);
        }

        // The receiver's buffer cannot take its message (only ever after the copy faulted: no
        // page walk on the way of a message that goes through). A page of it that is not mapped
        // at all may be one VM has not backed yet (or has taken away since the call read it):
        // the message stays in the IPC slot, the process waits for VM (VmWait.Delivery), which
        // answers with the page or a refusal, and the CPU goes to the next process. Otherwise (a
        // page that refuses writes, VM's own buffer, no VM) the message is lost, and `slot` goes
        // on: its frame is the one DeliverPending was given.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static TrapFrame* Undelivered(int slot)
        {
            if (!VmSuspension.Serves(slot) || !VmSuspension.FindAbsent(slot, s_buffers[slot], Message.Size, out ulong page))
            {
                DropDelivery(slot);
                return ProcessTable.FrameOf(slot);
            }
            s_deliveryPending[slot] = true;                 // for the next try, once VM answers
            VmSuspension.Delivery(slot, page, s_buffers[slot] + Message.Size - page);
            ref PerCpu cpu = ref CpuLocal.Current;
            TrapFrame* next = Scheduler.PickNext(ref cpu);
            return DeliverPending(cpu.CurrentProcess, next);
        }

        // A message that cannot be delivered is lost, and the call that received it fails with
        // EFAULT (MINIX's delivermsg). Also VM's refusal of a delivery it was asked to back.
        public static void DropDelivery(int slot)
        {
            s_deliveryPending[slot] = false;
            ProcessTable.FrameOf(slot)->Rax = unchecked((ulong)-(long)Errno.EFAULT);
        }

        // A message between a user buffer of the loaded address space and the kernel.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Errno ReadMessage(ulong buffer, Message* message) =>
            new UserSlice<Readable>(buffer, Message.Size).CopyTo(message);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Errno WriteIncoming(int slot, ulong buffer)
        {
            fixed (Message* incoming = &IpcProcesses.Engine[slot].Incoming)
                return new UserSlice<Writable>(buffer, Message.Size).CopyFrom(incoming);
        }
    }
}
