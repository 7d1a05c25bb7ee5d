using System.Runtime.CompilerServices;
using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // The two calls of every client-server exchange, when nothing unusual is going on (the
    // fast paths of MINIX's and seL4's kernels): a client's SENDREC to a server waiting in
    // RECEIVE, and the server's REPLYRECEIVE to that client, waiting for its reply, while nothing
    // else waits for the server; and a server's SENDNB to a process waiting for it. Each checks
    // that case, then makes exactly the changes the general path would (IpcFastPathTests runs
    // both side by side), without its queues, scans and deadlock walk. On false nothing has
    // changed and the general path runs. On true `target` is released with its message in
    // Incoming, which the kernel delivers itself (no entry in the resumed list), and the caller
    // is blocked in its receive (SENDNB's caller goes on). Each finds the two slots once and
    // works through references to them, so every index is checked once.
    public sealed partial class IpcEngine
    {
        public bool TrySendReceiveFast(int caller, int destination, in Message message, out int target)
        {
            target = NoSlot;
            if (destination < 0)
                return false;
            ProcessSlot[] table = slots;
            int slot = Lunix.Abi.Endpoint.SlotOf(destination);
            if ((uint)slot >= (uint)table.Length)
                return false;
            ref ProcessSlot from = ref table[caller];
            ref ProcessSlot to = ref table[slot];
            // The receive phase would take a SENDA entry from the server first.
            if (!MaySendFast(ref from, ref to, Traps.SendReceive, slot, destination) || from.PendingAsync.Contains(slot))
                return false;
            HandOver(ref from, ref to, in message);
            from.Flags |= ProcessFlags.ReplyPending | ProcessFlags.Receiving;
            from.ReceiveFrom = destination;
            target = slot;
            return true;
        }

        public bool TryReplyReceiveFast(int caller, int destination, in Message message, out int target)
        {
            target = NoSlot;
            if (destination < 0)
                return false;
            ProcessSlot[] table = slots;
            int slot = Lunix.Abi.Endpoint.SlotOf(destination);
            if ((uint)slot >= (uint)table.Length)
                return false;
            ref ProcessSlot from = ref table[caller];
            ref ProcessSlot to = ref table[slot];
            if (!MaySendFast(ref from, ref to, Traps.ReplyReceive, slot, destination))
                return false;
            // The receive from ANY must find nothing: no notification, queued sender or SENDA entry.
            if (from.CallerQueueHead != NoSlot || !from.PendingNotifications.IsEmpty || !from.PendingAsync.IsEmpty)
                return false;
            HandOver(ref from, ref to, in message);
            from.Flags = (from.Flags & ~ProcessFlags.ReplyPending) | ProcessFlags.Receiving;
            from.ReceiveFrom = Lunix.Abi.Endpoint.Any;
            target = slot;
            return true;
        }

        // A server's SENDNB to a process waiting for it in its receive (a reply VFS sends by itself
        // when it answers two calls at once): on true `target` is released with the message in
        // Incoming, as the general path leaves it, and the caller goes on.
        public bool TrySendNonBlockingFast(int caller, int destination, in Message message, out int target)
        {
            target = NoSlot;
            if (destination < 0)
                return false;
            ProcessSlot[] table = slots;
            int slot = Lunix.Abi.Endpoint.SlotOf(destination);
            if ((uint)slot >= (uint)table.Length)
                return false;
            ref ProcessSlot from = ref table[caller];
            ref ProcessSlot to = ref table[slot];
            if (!MaySendFast(ref from, ref to, Traps.SendNonBlocking, slot, destination))
                return false;
            HandOver(ref from, ref to, in message);
            target = slot;
            return true;
        }

        // The checks of CheckSend, for a live destination that waits for the caller's message and
        // may run once it has it (not held still by its signal manager).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private bool MaySendFast(ref ProcessSlot from, ref ProcessSlot to, int trap, int slot, int destination)
        {
            ref Privileges rights = ref records[from.PrivilegeId];
            return rights.MayTrap(trap) && rights.MaySendTo(slot)
                && !to.IsFree && to.Endpoint == destination && to.WillRunOnReceiveFrom(from.Endpoint);
        }
    }
}
