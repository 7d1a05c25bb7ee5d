using System;
using System.Runtime.CompilerServices;

namespace Lunix.Kernel
{
    // The index of the lowest set bit, in constant time: isolate the bit, multiply by a de Bruijn
    // sequence, and look the top six bits up. The IPC bitmaps and the run queues use it on every
    // call, where a loop would cost up to 63 steps.
    public static class BitScan
    {
        private const ulong DeBruijn64 = 0x03F79D71B4CB0A89;

        // For a non-zero word.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int Lowest(ulong word) => Positions[(int)(((word & (0 - word)) * DeBruijn64) >> 58)];

        private static ReadOnlySpan<byte> Positions => new byte[]
        {
            0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4,
            62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
            63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
            46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9, 13, 8, 7, 6,
        };
    }
}
