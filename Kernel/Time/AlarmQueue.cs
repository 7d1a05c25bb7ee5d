namespace Lunix.Kernel.Time
{
    // One alarm per slot (SETALARM), kept in a list sorted by expiry (MINIX's timer queue,
    // kernel/clock.c over lib/timers): the clock's tick looks at the head only, so a tick costs
    // the same however many slots the table has, and an alarm that goes off costs one unlink.
    // Setting or cancelling an alarm walks the armed alarms, never the whole table. Each slot's
    // link lives in an array indexed by slot: nothing is allocated after construction.
    public sealed class AlarmQueue
    {
        private const int End = -1;
        private readonly ulong[] expiry;        // 0: no alarm armed
        private readonly int[] next;
        private int head = End;

        public AlarmQueue(int slots)
        {
            expiry = new ulong[slots];
            next = new int[slots];
        }

        // When the slot's alarm goes off, or 0 when none is armed.
        public ulong ExpiryOf(int slot) => expiry[slot];

        // Arms the slot's alarm for `when` (a tick count, > 0), replacing the one it had.
        public void Set(int slot, ulong when)
        {
            Cancel(slot);
            expiry[slot] = when;
            int previous = End;
            int current = head;
            // After every alarm due at the same tick or earlier: equal alarms go off in the
            // order they were set.
            while (current != End && expiry[current] <= when)
            {
                previous = current;
                current = next[current];
            }
            next[slot] = current;
            if (previous == End) head = slot;
            else next[previous] = slot;
        }

        public void Cancel(int slot)
        {
            if (expiry[slot] == 0) return;
            expiry[slot] = 0;
            if (head == slot)
            {
                head = next[slot];
                return;
            }
            int previous = head;
            while (next[previous] != slot) previous = next[previous];
            next[previous] = next[slot];
        }

        // The next alarm due at `now` or before, taken off the queue; false when none is.
        public bool TakeExpired(ulong now, out int slot)
        {
            slot = head;
            if (slot == End || expiry[slot] > now) return false;
            head = next[slot];
            expiry[slot] = 0;
            return true;
        }
    }
}
