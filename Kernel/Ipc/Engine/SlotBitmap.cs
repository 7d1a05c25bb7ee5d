using System.Runtime.CompilerServices;
using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // One bit per process slot, inline (no allocation): the send-to set of a privilege record and
    // a slot's pending notifications and pending asynchronous messages, each indexed by slot.
    // A summary word has bit w set exactly when word w of the bitmap is not zero, so IsEmpty is
    // one compare and the next set bit two bit scans, however large the table: both run on every
    // receive. (One summary word covers 64 words, up to 4,096 slots.)
    public unsafe struct SlotBitmap
    {
        public const int Capacity = Endpoint.Slots;
        private const int Words = Capacity / 64;
        private const ulong AllWords = Words == 64 ? ~0UL : (1UL << Words) - 1;

        private ulong usedWords;
        private fixed ulong bits[Words];

        public readonly bool IsEmpty
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => usedWords == 0;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly bool Contains(int slot) => (bits[slot >> 6] & (1UL << (slot & 63))) != 0;

        public void Add(int slot)
        {
            int word = slot >> 6;
            bits[word] |= 1UL << (slot & 63);
            usedWords |= 1UL << word;
        }

        public void Remove(int slot)
        {
            int word = slot >> 6;
            ulong left = bits[word] & ~(1UL << (slot & 63));
            bits[word] = left;
            if (left == 0)
                usedWords &= ~(1UL << word);
        }

        public void AddAll()
        {
            for (int i = 0; i < Words; i++)
                bits[i] = ~0UL;
            usedWords = AllWords;
        }

        // Only the words in use are written: clearing a bitmap that holds a few bits (a new
        // process's pending sets) costs a few stores, not one per word.
        public void Clear()
        {
            for (ulong used = usedWords; used != 0; used &= used - 1)
                bits[BitScan.Lowest(used)] = 0;
            usedWords = 0;
        }

        // The lowest slot at or after `from` whose bit is set, or -1: the order in which pending
        // notifications are delivered (MINIX scans its bitmap the same way).
        public readonly int NextAtOrAfter(int from)
        {
            if ((uint)from >= Capacity)
                return -1;
            int word = from >> 6;
            ulong rest = bits[word] & (~0UL << (from & 63));
            if (rest != 0)
                return word * 64 + BitScan.Lowest(rest);
            ulong later = word + 1 < 64 ? usedWords & (~0UL << (word + 1)) : 0;
            if (later == 0)
                return -1;
            int next = BitScan.Lowest(later);
            return next * 64 + BitScan.Lowest(bits[next]);
        }
    }
}
