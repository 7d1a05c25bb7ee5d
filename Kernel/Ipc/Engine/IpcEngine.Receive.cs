using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // RECEIVE and SENDREC (MINIX's mini_receive and the SENDREC case of do_sync_ipc).
    public sealed partial class IpcEngine
    {
        // Receives from `source` (an endpoint, or Endpoint.Any): a pending notification first,
        // then the oldest queued sender, then a pending SENDA entry; otherwise blocks.
        public IpcResult Receive(int caller, int source, long now)
        {
            if (!records[slots[caller].PrivilegeId].MayTrap(Traps.Receive))
                return IpcResult.Fail(Errno.ETRAPDENIED);
            int sourceSlot = NoSlot;
            if (source != Endpoint.Any)
            {
                Errno e = Resolve(caller, ref source, out sourceSlot);
                if (e != Errno.Ok)
                    return IpcResult.Fail(e);
            }
            // A plain RECEIVE is never the reply phase of an earlier SENDREC.
            slots[caller].Flags &= ~ProcessFlags.ReplyPending;
            return ReceiveOrBlock(caller, source, sourceSlot, now);
        }

        // SEND then RECEIVE from the same endpoint, as one call. The caller is marked as waiting
        // for a reply from the start, so no notification can take the reply's place.
        public IpcResult SendReceive(int caller, int destination, in Message message, long now)
        {
            Errno e = CheckSend(caller, Traps.SendReceive, ref destination, out int target);
            if (e != Errno.Ok)
                return IpcResult.Fail(e);
            ref ProcessSlot self = ref slots[caller];
            self.Flags |= ProcessFlags.ReplyPending;
            e = DeliverOrQueue(caller, target, in message, blocking: true);
            if (e != Errno.Ok)
            {
                self.Flags &= ~ProcessFlags.ReplyPending;
                return IpcResult.Fail(e);
            }
            return ReceiveOrBlock(caller, destination, target, now);
        }

        private IpcResult ReceiveOrBlock(int caller, int source, int sourceSlot, long now)
        {
            ref ProcessSlot self = ref slots[caller];
            // Still in a SENDREC's send phase: nothing can be received before the send is taken.
            if ((self.Flags & ProcessFlags.Sending) == 0)
            {
                if ((self.Flags & ProcessFlags.ReplyPending) == 0 && TakeNotification(caller, sourceSlot, now))
                    return IpcResult.Delivered;
                if (TakeQueuedSender(caller, sourceSlot))
                    return IpcResult.Delivered;
                if (TakeAsync(caller, sourceSlot, now))
                    return IpcResult.Delivered;
            }
            if (ClosesCycle(caller, source, sending: false))
            {
                // Only reachable outside a send phase: a blocked SENDREC send never closes a
                // cycle on its receive, since its destination is the same.
                self.Flags &= ~ProcessFlags.ReplyPending;
                return IpcResult.Fail(Errno.ELOCKED);
            }
            self.Flags |= ProcessFlags.Receiving;
            self.ReceiveFrom = source;
            return IpcResult.Block;
        }

        private bool TakeNotification(int caller, int sourceSlot, long now)
        {
            ref ProcessSlot self = ref slots[caller];
            int notifier = sourceSlot == NoSlot
                ? self.PendingNotifications.NextAtOrAfter(0)
                : (self.PendingNotifications.Contains(sourceSlot) ? sourceSlot : NoSlot);
            if (notifier == NoSlot)
                return false;
            self.PendingNotifications.Remove(notifier);
            self.Incoming = NotificationFrom(slots[notifier].Endpoint, now);
            return true;
        }

        // The oldest sender in the caller's queue that the receive accepts; it is released (or,
        // in a SENDREC, moves on to waiting for the reply).
        private bool TakeQueuedSender(int caller, int sourceSlot)
        {
            ref ProcessSlot self = ref slots[caller];
            int previous = NoSlot;
            for (int s = self.CallerQueueHead; s != NoSlot; previous = s, s = slots[s].NextInQueue)
            {
                if (sourceSlot != NoSlot && s != sourceSlot)
                    continue;
                Unlink(caller, previous, s);
                ref ProcessSlot sender = ref slots[s];
                self.Incoming = sender.Outgoing;
                sender.Flags &= ~ProcessFlags.Sending;
                sender.SendTo = Endpoint.None;
                if (!sender.IsBlocked)
                    Resume(s, withMessage: false, Errno.Ok);
                return true;
            }
            return false;
        }
    }
}
