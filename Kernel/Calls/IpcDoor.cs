using System;
using Lunix.Arch.X86;
using Lunix.Ipc;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;
using Lunix.Kernel.Time;

namespace Lunix.Kernel.Calls
{
    // The IPC class of system calls: copies the caller's message in, runs the primitive in the
    // IPC engine, copies a delivered message out, blocks the caller when the primitive blocks,
    // and wakes every process the primitive released (with its message copied into its own
    // buffer through its page tables, and its result in its saved RAX).
    internal static unsafe class IpcDoor
    {
        private static IpcEngine s_engine;
        private static readonly ulong[] s_buffers = new ulong[ProcessTable.Slots];   // each slot's message buffer

        // The last slot is the kernel's own: the source of alarms and SENDA completion notices.
        public const int KernelSlot = BootEndpoints.Kernel;

        public static void Initialize()
        {
            s_engine = new IpcEngine(ProcessTable.Slots, new AsyncTableMemory(), KernelSlot);
            // The kernel's slot may notify anyone (alarms, SENDA completions).
            Privileges kernel = default;
            kernel.AllowTrap(Traps.Notify);
            kernel.SendTo.AddAll();
            s_engine.Occupy(KernelSlot, kernel, out _);
        }

        public static int Admit(int slot, in Privileges privileges)
        {
            s_engine.Occupy(slot, privileges, out int endpoint);
            return endpoint;
        }

        public static bool MayCall(int slot, int number) => s_engine.MayCall(slot, number);

        // A slot's privileges, for the kernel calls that read or change them (DEVIO, PRIVCTL).
        public static ref Privileges PrivilegesOf(int slot) => ref s_engine.PrivilegesOf(slot);

        // The slot of a live endpoint: false for what names no process, a free slot, another
        // generation (the process exited), or the kernel's own slot.
        public static bool TryResolve(long endpoint, out int slot)
        {
            slot = -1;
            if (endpoint < 0 || endpoint > int.MaxValue) return false;
            int index = Endpoint.SlotOf((int)endpoint);
            if (index >= s_engine.SlotCount || index == KernelSlot) return false;
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

        public static void Release(int slot)
        {
            s_engine.Exit(slot);
            WakeReleased();
        }

        public static long Dispatch(int slot, int number, TrapFrame* frame)
        {
            int endpoint = (int)frame->Rdi;
            ulong buffer = frame->Rsi;
            Message message = default;
            if (number == Traps.Send || number == Traps.SendNonBlocking || number == Traps.SendReceive)
            {
                Errno copied = new UserSlice<Readable>(buffer, Message.Size).CopyTo(new Span<byte>(&message, Message.Size));
                if (copied != Errno.Ok) return -(long)copied;
            }
            s_buffers[slot] = buffer;
            long now = (long)Clock.Ticks;
            IpcResult result = number switch
            {
                Traps.Send => s_engine.Send(slot, endpoint, message),
                Traps.SendNonBlocking => s_engine.SendNonBlocking(slot, endpoint, message),
                Traps.SendReceive => s_engine.SendReceive(slot, endpoint, message, now),
                Traps.Receive => s_engine.Receive(slot, endpoint, now),
                Traps.Notify => s_engine.Notify(slot, endpoint, now),
                Traps.SendAsync => s_engine.SendAsync(slot, frame->Rdi, (int)frame->Rsi, now),
                _ => IpcResult.Fail(Errno.EBADCALL),
            };
            long status = -(long)result.Error;
            if (result.Blocked)
                Scheduler.Block(slot);
            else if (result.HasMessage)
            {
                Message incoming = s_engine[slot].Incoming;
                if (new UserSlice<Writable>(buffer, Message.Size).CopyFrom(new ReadOnlySpan<byte>(&incoming, Message.Size)) != Errno.Ok)
                    status = -(long)Errno.EFAULT;
            }
            WakeReleased();
            return status;
        }

        private static void WakeReleased()
        {
            while (s_engine.TakeResumed(out Resumption resumption))
            {
                int slot = resumption.Slot;
                long status = -(long)resumption.Error;
                if (resumption.HasMessage)
                {
                    Message incoming = s_engine[slot].Incoming;
                    if (!ProcessMemory.Write(slot, s_buffers[slot], new ReadOnlySpan<byte>(&incoming, Message.Size)))
                        status = -(long)Errno.EFAULT;
                }
                ProcessTable.FrameOf(slot)->Rax = (ulong)status;
                if (ProcessTable.Slot(slot).State == ProcessState.Blocked) Scheduler.MakeRunnable(slot);
            }
        }
    }
}
