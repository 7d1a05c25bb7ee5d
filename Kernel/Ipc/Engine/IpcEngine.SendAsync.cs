using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // SENDA (MINIX's mini_senda and try_async/try_one): the sender registers a table of messages
    // and never blocks. Entries whose destination is receiving from the sender are delivered at
    // once; the others stay in the table, and a pending bit in the destination makes its next
    // RECEIVE look there. Each completed entry gets AsyncFlags.Done and its result.
    public sealed partial class IpcEngine
    {
        // Past this a table is refused, so one call's work stays bounded (MINIX: 16 per slot).
        public int MaxAsyncEntries => 16 * slots.Length;

        public IpcResult SendAsync(int caller, ulong table, int count, long now)
        {
            ref ProcessSlot self = ref slots[caller];
            ref Privileges rights = ref records[self.PrivilegeId];
            if (!rights.MayTrap(Traps.SendAsync))
                return IpcResult.Fail(Errno.ETRAPDENIED);
            if (count < 0 || count > MaxAsyncEntries)
                return IpcResult.Fail(Errno.EINVAL);
            // A new table replaces the old one; count 0 withdraws it.
            self.AsyncTable = table;
            self.AsyncCount = count;
            bool notifySender = false;
            for (int i = 0; i < count; i++)
            {
                if (!asyncTables.TryRead(caller, table, i, out AsyncEntry entry))
                    return IpcResult.Fail(Errno.EFAULT);
                if (entry.Flags == 0)
                    continue;
                if ((entry.Flags & ~AsyncFlags.Known) != 0 || (entry.Flags & AsyncFlags.Valid) == 0)
                    return IpcResult.Fail(Errno.EINVAL);
                if ((entry.Flags & AsyncFlags.Done) != 0)
                    continue;
                int destination = entry.Destination;
                int target = NoSlot;
                Errno result = destination == Endpoint.Any ? Errno.EINVAL : Resolve(caller, ref destination, out target);
                if (result == Errno.Ok && !rights.MaySendTo(target))
                    result = Errno.ECALLDENIED;
                if (result == Errno.Ok)
                {
                    if (!AcceptsAsync(target, self.Endpoint, entry.Flags))
                    {
                        slots[target].PendingAsync.Add(caller);
                        continue;
                    }
                    HandOver(ref self, ref slots[target], in entry.Message);
                    Resume(target, withMessage: true, Errno.Ok);
                }
                if (!asyncTables.TryWriteStatus(caller, table, i, entry.Flags | AsyncFlags.Done, result))
                    return IpcResult.Fail(Errno.EFAULT);
                notifySender |= WantsNotification(entry.Flags, result);
            }
            if (notifySender)
                NotifyFrom(asyncNotifierSlot, caller, now);
            return IpcResult.Done;
        }

        // A destination blocked in a receive from the sender takes the entry, unless the entry is
        // AMF_NOREPLY and the destination waits for a SENDREC reply.
        private bool AcceptsAsync(int target, int sender, int flags) =>
            slots[target].WillReceiveFrom(sender) &&
            ((flags & AsyncFlags.NoReply) == 0 || (slots[target].Flags & ProcessFlags.ReplyPending) == 0);

        private static bool WantsNotification(int flags, Errno result) =>
            (flags & AsyncFlags.Notify) != 0 || (result != Errno.Ok && (flags & AsyncFlags.NotifyOnError) != 0);

        // The receive side: the first pending SENDA entry for the caller from `sourceSlot` (or any
        // table with entries pending for it), copied to the caller's Incoming.
        private bool TakeAsync(int caller, int sourceSlot, long now)
        {
            ref ProcessSlot self = ref slots[caller];
            if (sourceSlot != NoSlot)
                return self.PendingAsync.Contains(sourceSlot) && TakeAsyncFrom(sourceSlot, caller, now);
            for (int owner = self.PendingAsync.NextAtOrAfter(0); owner != NoSlot; owner = self.PendingAsync.NextAtOrAfter(owner + 1))
            {
                if (TakeAsyncFrom(owner, caller, now))
                    return true;
            }
            return false;
        }

        // MINIX's try_one: scans the owner's table for entries addressed to the receiver, delivers
        // the first one it accepts, and leaves the pending bit set only while more remain.
        private bool TakeAsyncFrom(int owner, int receiver, long now)
        {
            ref ProcessSlot from = ref slots[owner];
            ref ProcessSlot self = ref slots[receiver];
            self.PendingAsync.Remove(owner);
            bool delivered = false;
            bool notifySender = false;
            for (int i = 0; i < from.AsyncCount; i++)
            {
                if (!asyncTables.TryRead(owner, from.AsyncTable, i, out AsyncEntry entry))
                    break;
                if ((entry.Flags & (AsyncFlags.Valid | AsyncFlags.Done)) != AsyncFlags.Valid ||
                    (entry.Flags & ~AsyncFlags.Known) != 0 || entry.Destination != self.Endpoint)
                    continue;
                // The caller's receive accepts this owner; only the AMF_NOREPLY rule can refuse.
                bool acceptable = (entry.Flags & AsyncFlags.NoReply) == 0 || (self.Flags & ProcessFlags.ReplyPending) == 0;
                if (delivered || !acceptable)
                {
                    self.PendingAsync.Add(owner);   // another entry for us waits for a later receive
                    if (delivered)
                        break;
                    continue;
                }
                if (!asyncTables.TryWriteStatus(owner, from.AsyncTable, i, entry.Flags | AsyncFlags.Done, Errno.Ok))
                    break;
                self.Incoming = entry.Message;
                self.Incoming.Source = from.Endpoint;
                self.Flags &= ~ProcessFlags.ReplyPending;
                notifySender = WantsNotification(entry.Flags, Errno.Ok);
                delivered = true;
            }
            if (notifySender)
                NotifyFrom(asyncNotifierSlot, owner, now);
            return delivered;
        }
    }
}
