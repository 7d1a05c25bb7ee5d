using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // A process leaves its slot (exit, or killed after a fault): MINIX's clear_endpoint and
    // clear_ipc_refs. Whoever waits on it specifically can never be served and is released with
    // EDEADSRCDST; its own pending message, notifications and SENDA table vanish with it, and its
    // privilege record returns to the pool; the slot's generation moves on, so its old endpoint
    // stays dead when the slot is reused, unless keepEndpoint: RS restarts a service whose policy
    // keeps its endpoint in the same slot, and clients that retry after EDEADSRCDST then reach the
    // new instance at the same address. Like MINIX's, this visits every other process once (its
    // bits in their pending sets, its receivers), but only the slots in use, not the whole table.
    public sealed partial class IpcEngine
    {
        public void Exit(int slot, bool keepEndpoint)
        {
            ref ProcessSlot gone = ref slots[slot];
            if (gone.IsFree)
                return;
            if ((gone.Flags & ProcessFlags.Sending) != 0)
                RemoveFromQueue(Endpoint.SlotOf(gone.SendTo), slot);

            // Its queued senders: their messages are dropped undelivered.
            while (gone.CallerQueueHead != NoSlot)
            {
                int sender = gone.CallerQueueHead;
                Unlink(slot, NoSlot, sender);
                ref ProcessSlot s = ref slots[sender];
                s.Flags &= ~(ProcessFlags.Sending | ProcessFlags.Receiving | ProcessFlags.ReplyPending);
                s.SendTo = s.ReceiveFrom = Endpoint.None;
                Resume(sender, withMessage: false, Errno.EDEADSRCDST);
            }

            int endpoint = gone.Endpoint;
            occupied.Remove(slot);
            for (int i = occupied.NextAtOrAfter(0); i != NoSlot; i = occupied.NextAtOrAfter(i + 1))
            {
                ref ProcessSlot other = ref slots[i];
                other.PendingNotifications.Remove(slot);
                other.PendingAsync.Remove(slot);
                // Receivers from it specifically, SENDREC callers waiting for its reply included.
                if ((other.Flags & ProcessFlags.Receiving) != 0 && other.ReceiveFrom == endpoint)
                {
                    other.Flags &= ~(ProcessFlags.Receiving | ProcessFlags.ReplyPending);
                    other.ReceiveFrom = Endpoint.None;
                    Resume(i, withMessage: false, Errno.EDEADSRCDST);
                }
            }

            gone.Flags = ProcessFlags.Free;
            gone.Endpoint = Endpoint.None;
            gone.SendTo = gone.ReceiveFrom = Endpoint.None;
            gone.AsyncTable = 0;
            gone.AsyncCount = 0;
            GiveBackRecord(gone.PrivilegeId);
            gone.PrivilegeId = UserRecord;
            if (!keepEndpoint)
                gone.Generation = gone.Generation >= MaxGeneration ? 0 : gone.Generation + 1;
        }

        private void RemoveFromQueue(int owner, int sender)
        {
            int previous = NoSlot;
            for (int s = slots[owner].CallerQueueHead; s != NoSlot; previous = s, s = slots[s].NextInQueue)
            {
                if (s == sender)
                {
                    Unlink(owner, previous, s);
                    return;
                }
            }
        }
    }
}
