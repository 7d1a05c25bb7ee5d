using System;
using System.Runtime.CompilerServices;
using Lunix.Arch.X86;
using Lunix.Ipc;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;
using Lunix.Kernel.Time;

namespace Lunix.Kernel.Calls
{
    // The IPC class of system calls: copies the caller's message in, runs the primitive in the
    // IPC engine, blocks the caller when the primitive blocks, and wakes every process the
    // primitive released with its result in its saved RAX. A received message, the caller's or
    // a released process's, is written to its buffer when that process next returns to ring 3
    // (DeliverPending). Memory VM has not backed yet makes the call, or the delivery, wait for
    // VM (VmSuspension) instead of failing with EFAULT.
    internal static unsafe class IpcDoor
    {
        private static IpcEngine s_engine;
        private static readonly ulong[] s_buffers = new ulong[ProcessTable.Slots];   // each slot's message buffer
        private static readonly bool[] s_deliveryPending = new bool[ProcessTable.Slots];

        // The last slot is the kernel's own: the source of alarms and SENDA completion notices.
        // The one before it is the source of signal notifications to signal managers, so that a
        // manager tells them from its alarms by the sender (MINIX's SYSTEM and CLOCK).
        public const int KernelSlot = BootEndpoints.Kernel;
        public const int SystemSlot = BootEndpoints.System;

        public static void Initialize()
        {
            s_engine = new IpcEngine(ProcessTable.Slots, new AsyncTableMemory(), KernelSlot);
            // The kernel's slot may notify anyone (alarms, SENDA completions).
            Privileges kernel = default;
            kernel.AllowTrap(Traps.Notify);
            kernel.SendTo.AddAll();
            s_engine.Occupy(KernelSlot, kernel, out _);
            s_engine.Occupy(SystemSlot, kernel, out _);
        }

        public static int Admit(int slot, in Privileges privileges)
        {
            s_engine.Occupy(slot, privileges, out int endpoint);
            return endpoint;
        }

        public static bool MayCall(int slot, int number) => s_engine.MayCall(slot, number);

        public static int EndpointOf(int slot) => s_engine[slot].Endpoint;

        // A slot's privileges, for the kernel calls that read or change them (DEVIO, PRIVCTL).
        public static ref Privileges PrivilegesOf(int slot) => ref s_engine.PrivilegesOf(slot);

        // The slot of a live endpoint: false for what names no process, a free slot, another
        // generation (the process exited), or the kernel's own slot.
        public static bool TryResolve(long endpoint, out int slot)
        {
            slot = -1;
            if (endpoint < 0 || endpoint > int.MaxValue) return false;
            int index = Endpoint.SlotOf((int)endpoint);
            if (index >= s_engine.SlotCount || index == KernelSlot || index == SystemSlot) return false;
            ref readonly ProcessSlot target = ref s_engine[index];
            if (target.IsFree || target.Endpoint != (int)endpoint) return false;
            slot = index;
            return true;
        }

        // A notification from the kernel (the alarm clock, later IRQs): wakes the destination when
        // it is receiving, else stays pending for its next receive.
        public static void NotifyFromKernel(int destination)
        {
            s_engine.Notify(KernelSlot, s_engine[destination].Endpoint, (long)Clock.Ticks);
            WakeReleased();
        }

        // A signal for a manager to collect with GETKSIG.
        public static void NotifyFromSystem(int manager)
        {
            s_engine.Notify(SystemSlot, s_engine[manager].Endpoint, (long)Clock.Ticks);
            WakeReleased();
        }

        // A message in a process's name from the kernel (a page fault or memory request to VM).
        public static void SendOnBehalf(int slot, int target, in Message message)
        {
            s_engine.SendOnBehalf(slot, target, in message);
            WakeReleased();
        }

        public static void Release(int slot, bool keepEndpoint)
        {
            s_deliveryPending[slot] = false;
            s_engine.Exit(slot, keepEndpoint);
            WakeReleased();
        }

        // Live update: the programs in two slots trade places, endpoints staying where they are
        // (IpcEngine.SwapPrograms); a send either was blocked in is abandoned first.
        public static void SwapPrograms(int a, int b)
        {
            s_engine.AbandonSend(a);
            s_engine.AbandonSend(b);
            s_engine.SwapPrograms(a, b);
            (s_buffers[a], s_buffers[b]) = (s_buffers[b], s_buffers[a]);
            (s_deliveryPending[a], s_deliveryPending[b]) = (s_deliveryPending[b], s_deliveryPending[a]);
        }

        // FORK: `child` waits, as `parent` does, for the reply of `server` (IpcEngine.Fork), into
        // the same buffer address, which its copy of the parent's memory has too.
        public static Errno Fork(int parent, int child, int server, out int endpoint)
        {
            Errno error = s_engine.Fork(parent, child, server, out endpoint);
            if (error == Errno.Ok) s_buffers[child] = s_buffers[parent];
            return error;
        }

        // The fast path of a client-server exchange (seL4's fastpath_call and fastpath_reply_recv),
        // tried before any other dispatch: a SENDREC to a server waiting for it, or a server's
        // REPLYRECEIVE to a client waiting for the reply. The caller blocks, the peer becomes
        // runnable, and the scheduler's pick (usually the peer) gets its message and runs: the
        // frame returned is the one to resume. Null: nothing changed, and the call takes the
        // general path.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TrapFrame* TryFastPath(ref PerCpu cpu, int slot, TrapFrame* frame)
        {
            ulong trap = frame->Rax;
            return trap == (ulong)Traps.Encode(Traps.IpcClass, Traps.SendReceive) || trap == (ulong)Traps.Encode(Traps.IpcClass, Traps.ReplyReceive)
                ? TryFastExchange(ref cpu, slot, frame, trap == (ulong)Traps.Encode(Traps.IpcClass, Traps.SendReceive))
                : null;
        }

        [SkipLocalsInit]
        private static TrapFrame* TryFastExchange(ref PerCpu cpu, int slot, TrapFrame* frame, bool sendReceive)
        {
            Message message;
            if (ReadMessage(frame->Rsi, &message) != Errno.Ok) return null;
            int target;
            bool taken = sendReceive
                ? s_engine.TrySendReceiveFast(slot, (int)frame->Rdi, message, out target)
                : s_engine.TryReplyReceiveFast(slot, (int)frame->Rdi, message, out target);
            if (!taken) return null;
            s_buffers[slot] = frame->Rsi;
            SetOutcome(target, Errno.Ok, withMessage: true);
            TrapFrame* next = Scheduler.Handoff(ref cpu, slot, target);
            return DeliverPending(cpu.CurrentProcess, next);
        }

        // Every other IPC call: copy the caller's message in, run the primitive in the engine,
        // then block the caller or leave what it received for DeliverPending, and wake whoever
        // the call released. RECEIVE reads its buffer too, though it only writes it: a buffer
        // that cannot be read then fails (or waits for VM) before the receive takes a message
        // from anyone. A buffer read here is still there when the message is written (unless VM
        // unmapped it meanwhile: then Undelivered), and the check costs no page walk.
        [SkipLocalsInit]
        public static long Dispatch(int slot, int number, TrapFrame* frame)
        {
            int endpoint = (int)frame->Rdi;
            ulong buffer = frame->Rsi;
            Message message;
            if (number == Traps.Send || number == Traps.SendNonBlocking || number == Traps.SendReceive || number == Traps.ReplyReceive
                || number == Traps.Receive)
            {
                if (ReadMessage(buffer, &message) != Errno.Ok) return Unreadable(slot, number, buffer);
            }
            else
            {
                message = default;
                if (number == Traps.SendAsync && WaitsForAsyncTable(slot, frame->Rdi, (int)frame->Rsi)) return KernelCallTable.Suspended;
            }
            s_buffers[slot] = buffer;
            long now = (long)Clock.Ticks;
            IpcResult result = number switch
            {
                Traps.Send => s_engine.Send(slot, endpoint, message),
                Traps.SendNonBlocking => s_engine.SendNonBlocking(slot, endpoint, message),
                Traps.SendReceive => s_engine.SendReceive(slot, endpoint, message, now),
                Traps.Receive => s_engine.Receive(slot, endpoint, now),
                Traps.ReplyReceive => s_engine.ReplyReceive(slot, endpoint, message, now),
                Traps.Notify => s_engine.Notify(slot, endpoint, now),
                Traps.SendAsync => s_engine.SendAsync(slot, frame->Rdi, (int)frame->Rsi, now),
                _ => IpcResult.Fail(Errno.EBADCALL),
            };
            if (result.Blocked)
                Scheduler.Block(slot);
            else if (result.HasMessage)
                s_deliveryPending[slot] = true;
            WakeReleased();
            return -(long)result.Error;
        }

        // The caller's message buffer could not be read. A page of it that is not mapped at all
        // may be one VM has not backed yet: the call waits for VM and starts again (MINIX's
        // VMSUSPEND), asking for a writable page when the call will receive into it. EFAULT when
        // nothing is absent, without VM, or (later) when VM refuses. Nothing has happened yet, so
        // making the call again from the start is safe.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static long Unreadable(int slot, int number, ulong buffer) =>
            VmSuspension.Unbacked(slot, slot, buffer, Message.Size, write: number != Traps.Send && number != Traps.SendNonBlocking);

        // A SENDA table the engine will walk (the trap allowed, the count in range) has to be
        // backed whole first, when VM serves the caller: the engine delivers entry by entry, so a
        // walk that failed on a page VM had not backed yet could not simply start again (what it
        // delivered would have notified the sender already). The kernel writes each entry's
        // status back, so VM is asked for writable pages. True when the caller now waits.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static bool WaitsForAsyncTable(int slot, ulong table, int count)
        {
            if (count <= 0 || count > s_engine.MaxAsyncEntries || !s_engine.PrivilegesOf(slot).MayTrap(Traps.SendAsync)
                || !VmSuspension.Serves(slot) || !VmSuspension.FindAbsent(slot, table, (ulong)count * AsyncTableMemory.EntrySize, out ulong page))
                return false;
            VmSuspension.KernelCall(slot, slot, page, write: true);
            return true;
        }

        // A released process gets its status in its saved RAX now; its message waits in its IPC
        // slot and is written to its buffer when it next runs (MINIX's MF_DELIVERMSG), with its
        // own page tables loaded: no page walk here, and one copy however many processes a call
        // releases.
        private static void WakeReleased()
        {
            while (s_engine.TakeResumed(out Resumption resumption))
                Wake(resumption.Slot, resumption.Error, resumption.HasMessage);
        }

        private static void Wake(int slot, Errno error, bool withMessage)
        {
            // VM took the message the kernel sent in its name (or VM ended): only VM's answer, or
            // its end (VmSuspension.VmEnded), lets the process go on.
            if (ProcessTable.Slot(slot).State == ProcessState.AwaitingVm) return;
            SetOutcome(slot, error, withMessage);
            if (ProcessTable.Slot(slot).State == ProcessState.Blocked) Scheduler.MakeRunnable(slot);
        }

        // What a released process finds when it runs: its trap's result, and its message if any.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void SetOutcome(int slot, Errno error, bool withMessage)
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
            if (WriteIncoming(slot, s_buffers[slot]) == Errno.Ok) return next;
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
            VmSuspension.Delivery(slot, page);
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
        private static Errno ReadMessage(ulong buffer, Message* message) =>
            new UserSlice<Readable>(buffer, Message.Size).CopyTo(message);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Errno WriteIncoming(int slot, ulong buffer)
        {
            fixed (Message* incoming = &s_engine[slot].Incoming)
                return new UserSlice<Writable>(buffer, Message.Size).CopyFrom(incoming);
        }
    }
}
