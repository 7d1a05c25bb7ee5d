namespace System
{
    // Integer formatting for the primitives: decimal ("", "D", "Dn") and hex ("X", "Xn", "x", "xn").
    // Span-based so that callers that must not allocate (the kernel's printf) can use TryFormat.
    internal static class Number
    {
        internal static bool IsHex(ReadOnlySpan<char> format) => format.Length > 0 && (format[0] == 'x' || format[0] == 'X');

        internal static bool TryFormat(ulong magnitude, bool negative, ReadOnlySpan<char> format, Span<char> destination, out int charsWritten)
        {
            charsWritten = 0;
            bool hex = IsHex(format);
            bool upper = format.Length > 0 && format[0] == 'X';
            int minDigits = 1;
            if (format.Length > 1)
            {
                minDigits = 0;
                for (int i = 1; i < format.Length; i++)
                {
                    char c = format[i];
                    if (c < '0' || c > '9') return false;
                    minDigits = minDigits * 10 + (c - '0');
                }
            }
            // Digits are produced backwards into a small buffer: 20 decimal digits fit any ulong.
            Span<char> digits = stackalloc char[20];
            int count = 0;
            uint radix = hex ? 16u : 10u;
            do
            {
                uint d = (uint)(magnitude % radix);
                digits[count++] = (char)(d < 10 ? '0' + d : (upper ? 'A' : 'a') + d - 10);
                magnitude /= radix;
            } while (magnitude != 0);
            int padding = minDigits > count ? minDigits - count : 0;
            int total = (negative ? 1 : 0) + padding + count;
            if (total > destination.Length) return false;
            int pos = 0;
            if (negative) destination[pos++] = '-';
            for (int i = 0; i < padding; i++) destination[pos++] = '0';
            for (int i = count - 1; i >= 0; i--) destination[pos++] = digits[i];
            charsWritten = pos;
            return true;
        }

        internal static string ToString(long value, string format)
            => ToString(value < 0 ? (ulong)(-value) : (ulong)value, value < 0, format);

        internal static string ToString(ulong value, string format) => ToString(value, false, format);

        private static string ToString(ulong magnitude, bool negative, string format)
        {
            Span<char> buffer = stackalloc char[96];
            if (!TryFormat(magnitude, negative, format, buffer, out int written))
                throw new FormatException();
            return new string(buffer.Slice(0, written));
        }
    }
}
