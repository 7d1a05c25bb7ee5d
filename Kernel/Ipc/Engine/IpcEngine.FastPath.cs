using System.Runtime.CompilerServices;
using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // The two calls of every client-server exchange, when nothing unusual is going on (the
    // fast paths of MINIX's and seL4's kernels): a client's SENDREC to a server waiting in
    // RECEIVE, and the server's REPLYRECEIVE to that client, waiting for its reply, while nothing
    // else waits for the server. Each checks that case, then makes exactly the changes the
    // general path would (IpcFastPathTests runs both side by side), without its queues, scans and
    // deadlock walk. On false nothing has changed and the general path runs. On true the caller
    // is blocked in its receive and `target` is released with its message in Incoming, which the
    // kernel delivers itself (no entry in the resumed list).
    public sealed partial class IpcEngine
    {
        public bool TrySendReceiveFast(int caller, int destination, in Message message, out int target)
        {
            if (!TryFastTarget(caller, Traps.SendReceive, destination, out target))
                return false;
            ref ProcessSlot from = ref slots[caller];
            // The receive phase would take a SENDA entry from the server first.
            if (from.PendingAsync.Contains(target))
                return false;
            HandOver(ref from, ref slots[target], in message);
            from.Flags |= ProcessFlags.ReplyPending | ProcessFlags.Receiving;
            from.ReceiveFrom = destination;
            return true;
        }

        public bool TryReplyReceiveFast(int caller, int destination, in Message message, out int target)
        {
            if (!TryFastTarget(caller, Traps.ReplyReceive, destination, out target))
                return false;
            ref ProcessSlot from = ref slots[caller];
            // The receive from ANY must find nothing: no notification, queued sender or SENDA entry.
            if (from.CallerQueueHead != NoSlot || !from.PendingNotifications.IsEmpty || !from.PendingAsync.IsEmpty)
                return false;
            HandOver(ref from, ref slots[target], in message);
            from.Flags = (from.Flags & ~ProcessFlags.ReplyPending) | ProcessFlags.Receiving;
            from.ReceiveFrom = Lunix.Abi.Endpoint.Any;
            return true;
        }

        // The checks of CheckSend, for a live destination that waits for the caller's message.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private bool TryFastTarget(int caller, int trap, int destination, out int target)
        {
            target = NoSlot;
            if (destination < 0)
                return false;
            target = Lunix.Abi.Endpoint.SlotOf(destination);
            if ((uint)target >= (uint)slots.Length)
                return false;
            ref ProcessSlot from = ref slots[caller];
            ref ProcessSlot to = ref slots[target];
            return from.Privileges.MayTrap(trap) && from.Privileges.MaySendTo(target)
                && !to.IsFree && to.Endpoint == destination && to.WillReceiveFrom(from.Endpoint);
        }
    }
}
