using System.Runtime.CompilerServices;

namespace Lunix.Kernel.Ipc
{
    // One bit per process slot, inline (no allocation): the send mask of a privilege record and a
    // slot's pending notifications and pending asynchronous messages, each indexed by slot.
    public unsafe struct SlotBitmap
    {
        public const int Capacity = 256;
        private const int Words = Capacity / 64;

        private fixed ulong bits[Words];

        public readonly bool IsEmpty
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => (bits[0] | bits[1] | bits[2] | bits[3]) == 0;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly bool Contains(int slot) => (bits[slot >> 6] & (1UL << (slot & 63))) != 0;

        public void Add(int slot) => bits[slot >> 6] |= 1UL << (slot & 63);

        public void Remove(int slot) => bits[slot >> 6] &= ~(1UL << (slot & 63));

        public void AddAll()
        {
            for (int i = 0; i < Words; i++)
                bits[i] = ~0UL;
        }

        public void Clear()
        {
            for (int i = 0; i < Words; i++)
                bits[i] = 0;
        }

        // The lowest slot at or after `from` whose bit is set, or -1: the order in which pending
        // notifications are delivered (MINIX scans its bitmap the same way).
        public readonly int NextAtOrAfter(int from)
        {
            for (int word = from >> 6; word < Words; word++)
            {
                ulong w = bits[word];
                if (word == from >> 6)
                    w &= ~0UL << (from & 63);
                if (w != 0)
                    return word * 64 + BitScan.Lowest(w);
            }
            return -1;
        }
    }
}
