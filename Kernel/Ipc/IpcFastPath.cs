using System.Runtime.CompilerServices;
using Lunix.Abi;
using Lunix.Arch.X86;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Ipc
{
    // The fast path of a client-server exchange (seL4's fastpath_call and fastpath_reply_recv),
    // tried before any other dispatch: a SENDREC to a server waiting for it, or a server's
    // REPLYRECEIVE to a client waiting for the reply. The caller blocks, the peer becomes
    // runnable, and the scheduler's pick (usually the peer) gets its message and runs: the frame
    // returned is the one to resume. A server's SENDNB to a process waiting for it (VFS's answer
    // to a pipe's writer, beside the reader's) takes a shorter way too. Null: nothing changed,
    // and the call takes the general path (IpcTrap).
    internal static unsafe class IpcFastPath
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TrapFrame* TryExchange(ref PerCpu cpu, int slot, TrapFrame* frame)
        {
            ulong trap = frame->Rax;
            if (trap == (ulong)Traps.Encode(Traps.IpcClass, Traps.SendReceive) || trap == (ulong)Traps.Encode(Traps.IpcClass, Traps.ReplyReceive))
                return Exchange(ref cpu, slot, frame, trap == (ulong)Traps.Encode(Traps.IpcClass, Traps.SendReceive));
            return trap == (ulong)Traps.Encode(Traps.IpcClass, Traps.SendNonBlocking) ? SendNonBlocking(ref cpu, slot, frame) : null;
        }

        // A SENDNB to a process waiting for it: the receiver becomes runnable with its message,
        // and the caller goes on unless the receiver is more urgent.
        [SkipLocalsInit]
        private static TrapFrame* SendNonBlocking(ref PerCpu cpu, int slot, TrapFrame* frame)
        {
            Message message;
            if (MessageDelivery.ReadMessage(frame->Rsi, &message) != Errno.Ok) return null;
            IpcEngine engine = IpcProcesses.Engine;
            int target = Lunix.Abi.Endpoint.SlotOf((int)frame->Rdi);
            // A receiver waiting for VM as well (MessageDelivery.Wake leaves it to VM's answer)
            // is the general path's; checked before anything changes.
            if ((uint)target >= (uint)engine.SlotCount || ProcessTable.Slot(target).State != ProcessState.Blocked
                || !engine.TrySendNonBlockingFast(slot, (int)frame->Rdi, message, out target))
                return null;
            MessageDelivery.RememberBuffer(slot, frame->Rsi);
            MessageDelivery.SetOutcome(target, Errno.Ok, withMessage: true);
            Scheduler.MakeRunnable(target);
            frame->Rax = 0;
            TrapFrame* next = Scheduler.PickNext(ref cpu);
            return MessageDelivery.DeliverPending(cpu.CurrentProcess, next);
        }

        [SkipLocalsInit]
        private static TrapFrame* Exchange(ref PerCpu cpu, int slot, TrapFrame* frame, bool sendReceive)
        {
            Message message;
            if (MessageDelivery.ReadMessage(frame->Rsi, &message) != Errno.Ok) return null;
            int target;
            IpcEngine engine = IpcProcesses.Engine;
            bool taken = sendReceive
                ? engine.TrySendReceiveFast(slot, (int)frame->Rdi, message, out target)
                : engine.TryReplyReceiveFast(slot, (int)frame->Rdi, message, out target);
            if (!taken) return null;
            MessageDelivery.RememberBuffer(slot, frame->Rsi);
            MessageDelivery.SetOutcome(target, Errno.Ok, withMessage: true);
            TrapFrame* next = Scheduler.Handoff(ref cpu, slot, target);
            return MessageDelivery.DeliverPending(cpu.CurrentProcess, next);
        }
    }
}
