using System;
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

        public readonly bool IsEmpty => (bits[0] | bits[1] | bits[2] | bits[3]) == 0;

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
                    return word * 64 + TrailingZeros(w);
            }
            return -1;
        }

        // The index of the lowest set bit of a non-zero word, in constant time: isolate the bit,
        // multiply by a de Bruijn sequence, and look the top six bits up (a loop would cost up to
        // 63 steps on the IPC path).
        private static int TrailingZeros(ulong w) => DeBruijnPositions[(int)(((w & (0 - w)) * DeBruijn64) >> 58)];

        private const ulong DeBruijn64 = 0x03F79D71B4CB0A89;

        private static ReadOnlySpan<byte> DeBruijnPositions => new byte[]
        {
            0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4,
            62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
            63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
            46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9, 13, 8, 7, 6,
        };
    }
}
