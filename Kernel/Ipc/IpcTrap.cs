using System.Runtime.CompilerServices;
using Lunix.Abi;
using Lunix.Arch.X86;
using Lunix.Kernel.Calls;
using Lunix.Kernel.Process;
using Lunix.Kernel.Time;

namespace Lunix.Kernel.Ipc
{
    // The IPC class of system calls, on the general path (what IpcFastPath does not take): copies
    // the caller's message in, runs the primitive in the engine, blocks the caller when the
    // primitive blocks, and wakes every process the primitive released (MessageDelivery). Memory
    // VM has not backed yet makes the call wait for VM (VmSuspension) instead of failing with
    // EFAULT.
    internal static unsafe class IpcTrap
    {
        // RECEIVE reads its buffer too, though it only writes it: a buffer that cannot be read
        // then fails (or waits for VM) before the receive takes a message from anyone. A buffer
        // read here is still there when the message is written (unless VM unmapped it meanwhile:
        // then MessageDelivery.Undelivered), and the check costs no page walk.
        [SkipLocalsInit]
        public static long Dispatch(int slot, int number, TrapFrame* frame)
        {
            // A POSIX process has no IPC (its record allows no trap; the fast path has refused
            // it already): its `syscall` with such a number is a Linux call Linux does not have.
            // Checked before anything here touches its delivery buffer.
            if (ProcessTable.Slot(slot).Posix) return PosixDoor.Trap(slot, frame);
            int endpoint = (int)frame->Rdi;
            ulong buffer = frame->Rsi;
            Message message;
            if (number == Traps.Send || number == Traps.SendNonBlocking || number == Traps.SendReceive || number == Traps.ReplyReceive
                || number == Traps.Receive)
            {
                if (MessageDelivery.ReadMessage(buffer, &message) != Errno.Ok) return Unreadable(slot, number, buffer);
            }
            else
            {
                message = default;
                if (number == Traps.SendAsync && WaitsForAsyncTable(slot, frame->Rdi, (int)frame->Rsi)) return KernelCallTable.Suspended;
            }
            MessageDelivery.RememberBuffer(slot, buffer);
            long now = (long)Clock.Ticks;
            IpcEngine engine = IpcProcesses.Engine;
            IpcResult result = number switch
            {
                Traps.Send => engine.Send(slot, endpoint, message),
                Traps.SendNonBlocking => engine.SendNonBlocking(slot, endpoint, message),
                Traps.SendReceive => engine.SendReceive(slot, endpoint, message, now),
                Traps.Receive => engine.Receive(slot, endpoint, now),
                Traps.ReplyReceive => engine.ReplyReceive(slot, endpoint, message, now),
                Traps.Notify => engine.Notify(slot, endpoint, now),
                Traps.SendAsync => engine.SendAsync(slot, frame->Rdi, (int)frame->Rsi, now),
                _ => IpcResult.Fail(Errno.EBADCALL),
            };
            if (result.Blocked)
                Scheduler.Block(slot);
            else if (result.HasMessage)
                MessageDelivery.MarkPending(slot);
            MessageDelivery.WakeReleased();
            return -(long)result.Error;
        }

        // The caller's message buffer could not be read. A page of it that is not mapped at all
        // may be one VM has not backed yet: the call waits for VM and starts again (MINIX's
        // VMSUSPEND), asking for a writable page when the call will receive into it. EFAULT when
        // nothing is absent, without VM, or when VM refuses. Nothing has happened yet, so making
        // the call again from the start is safe.
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
            IpcEngine engine = IpcProcesses.Engine;
            if (count <= 0 || count > engine.MaxAsyncEntries || !engine.PrivilegesOf(slot).MayTrap(Traps.SendAsync)
                || !VmSuspension.Serves(slot) || !VmSuspension.FindAbsent(slot, table, (ulong)count * AsyncTableMemory.EntrySize, out ulong page))
                return false;
            VmSuspension.KernelCall(slot, slot, page, write: true, table + (ulong)count * AsyncTableMemory.EntrySize - page);
            return true;
        }
    }
}
