using System.Runtime.CompilerServices;
using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // SEND and SENDNB (MINIX's mini_send).
    public sealed partial class IpcEngine
    {
        public IpcResult Send(int caller, int destination, in Message message)
        {
            Errno e = CheckSend(caller, Traps.Send, ref destination, out int target);
            if (e != Errno.Ok)
                return IpcResult.Fail(e);
            e = DeliverOrQueue(caller, target, in message, blocking: true);
            if (e != Errno.Ok)
                return IpcResult.Fail(e);
            return slots[caller].IsBlocked ? IpcResult.Block : IpcResult.Done;
        }

        // Like SEND, but ENOTREADY instead of blocking when the destination is not waiting for us.
        public IpcResult SendNonBlocking(int caller, int destination, in Message message)
        {
            Errno e = CheckSend(caller, Traps.SendNonBlocking, ref destination, out int target);
            if (e != Errno.Ok)
                return IpcResult.Fail(e);
            e = DeliverOrQueue(caller, target, in message, blocking: false);
            return e != Errno.Ok ? IpcResult.Fail(e) : IpcResult.Done;
        }

        // Hands the message to the target when it is receiving from us; otherwise (when allowed to
        // block and no cycle would close) keeps it in the caller's slot, marks the caller Sending
        // and queues it behind the target's other senders.
        private Errno DeliverOrQueue(int caller, int target, in Message message, bool blocking)
        {
            ref ProcessSlot from = ref slots[caller];
            ref ProcessSlot to = ref slots[target];
            if (to.WillReceiveFrom(from.Endpoint))
            {
                HandOver(ref from, ref to, in message);
                Resume(target, withMessage: true, Errno.Ok);
                return Errno.Ok;
            }
            if (!blocking)
                return Errno.ENOTREADY;
            if (ClosesCycle(caller, to.Endpoint, sending: true))
                return Errno.ELOCKED;
            from.Outgoing = message;
            from.Outgoing.Source = from.Endpoint;
            from.Flags |= ProcessFlags.Sending;
            from.SendTo = to.Endpoint;
            Enqueue(target, caller);
            return Errno.Ok;
        }

        // Gives the message to a receiver waiting for it, which stops receiving.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void HandOver(ref ProcessSlot from, ref ProcessSlot to, in Message message)
        {
            to.Incoming = message;
            to.Incoming.Source = from.Endpoint;
            to.Flags &= ~(ProcessFlags.Receiving | ProcessFlags.ReplyPending);
            to.ReceiveFrom = Endpoint.None;
        }

        private void Enqueue(int owner, int sender)
        {
            ref ProcessSlot q = ref slots[owner];
            slots[sender].NextInQueue = NoSlot;
            if (q.CallerQueueTail == NoSlot)
                q.CallerQueueHead = sender;
            else
                slots[q.CallerQueueTail].NextInQueue = sender;
            q.CallerQueueTail = sender;
        }

        // Unlinks `sender` from `owner`'s queue, given the entry before it (NoSlot for the head).
        private void Unlink(int owner, int previous, int sender)
        {
            ref ProcessSlot q = ref slots[owner];
            int next = slots[sender].NextInQueue;
            if (previous == NoSlot)
                q.CallerQueueHead = next;
            else
                slots[previous].NextInQueue = next;
            if (q.CallerQueueTail == sender)
                q.CallerQueueTail = previous;
            slots[sender].NextInQueue = NoSlot;
        }
    }
}
