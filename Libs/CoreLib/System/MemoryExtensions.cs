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

        public static bool SequenceEqual(this ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++) if (a[i] != b[i]) return false;
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

        public static int IndexOf(this ReadOnlySpan<byte> span, byte value)
        {
            for (int i = 0; i < span.Length; i++) if (span[i] == value) return i;
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
