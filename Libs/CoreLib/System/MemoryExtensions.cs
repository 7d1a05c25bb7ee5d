using System.Runtime.CompilerServices;

namespace System
{
    // The span extension methods kernel code uses, with the BCL's names.
    public static class MemoryExtensions
    {
        // C# 14 converts string to ReadOnlySpan<char> by calling this method: it must build the
        // span itself rather than convert.
        public static ReadOnlySpan<char> AsSpan(this string text)
            => text == null ? default : new ReadOnlySpan<char>(ref text.GetPinnableReference(), text.Length);
        public static ReadOnlySpan<char> AsSpan(this string text, int start) => AsSpan(text).Slice(start);
        public static ReadOnlySpan<char> AsSpan(this string text, int start, int length) => AsSpan(text).Slice(start, length);
        public static Span<T> AsSpan<T>(this T[] array) => new Span<T>(array);
        public static Span<T> AsSpan<T>(this T[] array, int start, int length) => new Span<T>(array, start, length);
        public static Span<T> AsSpan<T>(this T[] array, int start) => new Span<T>(array).Slice(start);

        public static bool SequenceEqual(this ReadOnlySpan<char> a, ReadOnlySpan<char> b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
            return true;
        }

        public static bool SequenceEqual(this Span<char> a, ReadOnlySpan<char> b) => SequenceEqual((ReadOnlySpan<char>)a, b);

        // Eight bytes a step, then the rest one by one.
        public static bool SequenceEqual(this ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        {
            if (a.Length != b.Length) return false;
            ref byte left = ref a._reference, right = ref b._reference;
            int i = 0;
            for (; i + 8 <= a.Length; i += 8)
                if (Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref left, i)) != Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref right, i))) return false;
            for (; i < a.Length; i++) if (Unsafe.Add(ref left, i) != Unsafe.Add(ref right, i)) return false;
            return true;
        }

        public static bool StartsWith(this ReadOnlySpan<char> span, ReadOnlySpan<char> value)
            => value.Length <= span.Length && SequenceEqual(span.Slice(0, value.Length), value);

        public static bool StartsWith(this ReadOnlySpan<byte> span, ReadOnlySpan<byte> value)
            => value.Length <= span.Length && SequenceEqual(span.Slice(0, value.Length), value);

        public static int IndexOf(this ReadOnlySpan<char> span, char value)
        {
            for (int i = 0; i < span.Length; i++) if (span[i] == value) return i;
            return -1;
        }

        // Eight bytes a step: a word XORed with the value repeated has a zero byte where the value
        // is, and (w - 0x01..01) & ~w & 0x80..80 has its lowest set bit in the first such byte
        // (bits above it may be set wrongly, below it never) (paths' NULs and slashes: a byte
        // loop cost five instructions a byte).
        public static int IndexOf(this ReadOnlySpan<byte> span, byte value)
        {
            ref byte start = ref span._reference;
            ulong pattern = 0x0101010101010101UL * value;
            int i = 0;
            for (; i + 8 <= span.Length; i += 8)
            {
                ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, i)) ^ pattern;
                ulong found = (word - 0x0101010101010101UL) & ~word & 0x8080808080808080UL;
                if (found != 0) return i + (System.Numerics.BitOperations.TrailingZeroCount(found) >> 3);
            }
            for (; i < span.Length; i++) if (Unsafe.Add(ref start, i) == value) return i;
            return -1;
        }

        public static int IndexOf(this ReadOnlySpan<byte> span, ReadOnlySpan<byte> value)
        {
            for (int i = 0; i + value.Length <= span.Length; i++)
                if (SequenceEqual(span.Slice(i, value.Length), value)) return i;
            return -1;
        }

        public static int IndexOf(this Span<byte> span, byte value) => IndexOf((ReadOnlySpan<byte>)span, value);

        public static bool SequenceEqual(this Span<byte> a, ReadOnlySpan<byte> b) => SequenceEqual((ReadOnlySpan<byte>)a, b);

        public static int IndexOf(this ReadOnlySpan<char> span, ReadOnlySpan<char> value)
        {
            for (int i = 0; i + value.Length <= span.Length; i++)
                if (SequenceEqual(span.Slice(i, value.Length), value)) return i;
            return -1;
        }
    }
}
