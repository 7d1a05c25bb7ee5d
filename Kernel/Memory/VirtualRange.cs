using System.Runtime.CompilerServices;

namespace Lunix.Kernel.Memory
{
    // A checked range of virtual addresses, held as 48-bit addresses (the sign extension
    // stripped): the kernel half is then [2^47, 2^48) and a range that ends at the very top of
    // memory ends at 2^48 instead of wrapping to 0. The table indices are the same bits either way.
    internal readonly struct VirtualRange
    {
        public const ulong PageSize = 4096;
        public const ulong HalfSize = 1UL << 47;
        private const ulong AddressBits = (1UL << 48) - 1;

        public readonly ulong Start;
        public readonly ulong End;

        public VirtualRange(ulong start, ulong end)
        {
            Start = start;
            End = end;
        }

        public bool InKernelHalf => IsKernelHalf(Start);

        // Bit 47 tells the halves apart in canonical and 48-bit addresses alike.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IsKernelHalf(ulong address) => (address & HalfSize) != 0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong Canonical(ulong address) => (ulong)((long)(address << 16) >> 16);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IsCanonical(ulong address)
        {
            ulong top = address >> 47;
            return top == 0 || top == 0x1FFFF;
        }

        // Page-aligned, non-empty, canonical, inside one half.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static PagingResult From(ulong address, ulong length, out VirtualRange range)
        {
            range = default;
            if (((address | length) & (PageSize - 1)) != 0) return PagingResult.Misaligned;
            if (length == 0 || !IsCanonical(address)) return PagingResult.OutOfRange;
            ulong start = address & AddressBits;
            ulong limit = IsKernelHalf(start) ? 2 * HalfSize : HalfSize;
            if (length > limit - start) return PagingResult.OutOfRange;
            range = new VirtualRange(start, start + length);
            return PagingResult.Ok;
        }
    }
}
