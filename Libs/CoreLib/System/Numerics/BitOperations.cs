using System.Runtime.CompilerServices;

namespace System.Numerics
{
    // The BCL's bit operations the runtime's own code needs (span searches), in plain C#: no
    // BMI1 assumed. The kernel's BitScan keeps its own table: its words are never zero, and this
    // one's check for zero cost every scheduling decision three instructions.
    public static class BitOperations
    {
        private const ulong DeBruijn64 = 0x03F79D71B4CB0A89;

        // The index of the lowest set bit; 64 for zero. Isolate the bit, multiply by a de Bruijn
        // sequence, look the top six bits up: constant time, where a loop takes up to 63 steps.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int TrailingZeroCount(ulong value) =>
            value == 0 ? 64 : Positions[(int)(((value & (0 - value)) * DeBruijn64) >> 58)];

        private static ReadOnlySpan<byte> Positions => new byte[]
        {
            0, 1, 48, 2, 57, 49, 28, 3, 61, 58, 50, 42, 38, 29, 17, 4,
            62, 55, 59, 36, 53, 51, 43, 22, 45, 39, 33, 30, 24, 18, 12, 5,
            63, 47, 56, 27, 60, 41, 37, 16, 54, 35, 52, 21, 44, 32, 23, 11,
            46, 26, 40, 15, 34, 20, 31, 10, 25, 14, 19, 9, 13, 8, 7, 6,
        };
    }
}
