using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Process
{
    // The signals raised for each process and not yet taken by its manager (GETKSIG): bit
    // (1 << signal) per slot, and beside them the set of slots that have any, so that a manager's
    // GETKSIG visits only those instead of the whole table. They belong to the program, not the
    // slot: UPDATE swaps them with the programs, and they vanish when the process ends.
    public static class PendingSignals
    {
        private static readonly uint[] s_sets = new uint[ProcessTable.Slots];
        private static SlotBitmap s_signalled;

        public static uint Of(int slot) => s_sets[slot];

        public static void Add(int slot, uint signals)
        {
            s_sets[slot] |= signals;
            s_signalled.Add(slot);
        }

        // The manager has these now; any raised since stay pending.
        public static void Take(int slot, uint signals)
        {
            s_sets[slot] &= ~signals;
            if (s_sets[slot] == 0) s_signalled.Remove(slot);
        }

        public static void Forget(int slot) => Take(slot, ~0u);

        // The first slot at or after `from` with signals pending, or -1.
        public static int NextAtOrAfter(int from) => s_signalled.NextAtOrAfter(from);

        public static void Swap(int a, int b)
        {
            uint x = s_sets[a], y = s_sets[b];
            Forget(a);
            Forget(b);
            if (y != 0) Add(a, y);
            if (x != 0) Add(b, x);
        }
    }
}
