namespace System
{
    // The primitive types. ILC recognises them by name; each holds one field of itself.
    public struct Void { }
    public struct Boolean
    {
        private bool m_value;
        public override string ToString() => m_value ? "True" : "False";
    }
    public struct Char
    {
        private char m_value;
        public override string ToString() => string.FromChar(m_value);
        public static bool IsDigit(char c) => c >= '0' && c <= '9';
        public static bool IsWhiteSpace(char c) => c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
    public struct Single { private float m_value; }
    public struct Double { private double m_value; }
    public struct SByte : IFormattable
    {
        private sbyte m_value;
        public override string ToString() => Number.ToString((long)m_value, default);
        public string ToString(string format) => Number.IsHex(format) ? Number.ToString((ulong)(byte)m_value, format) : Number.ToString((long)m_value, format);
        public string ToString(string format, IFormatProvider provider) => ToString(format);
        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider provider = null)
            => Number.IsHex(format) ? Number.TryFormat((ulong)(byte)m_value, false, format, destination, out charsWritten)
                                    : Number.TryFormat(m_value < 0 ? (ulong)(-(long)m_value) : (ulong)(long)m_value, m_value < 0, format, destination, out charsWritten);
    }
    public struct Byte : IFormattable
    {
        private byte m_value;
        public override string ToString() => Number.ToString((ulong)m_value, default);
        public string ToString(string format) => Number.ToString((ulong)m_value, format);
        public string ToString(string format, IFormatProvider provider) => ToString(format);
        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider provider = null)
            => Number.TryFormat((ulong)m_value, false, format, destination, out charsWritten);
    }
    public struct Int16 : IFormattable
    {
        private short m_value;
        public override string ToString() => Number.ToString((long)m_value, default);
        public string ToString(string format) => Number.IsHex(format) ? Number.ToString((ulong)(ushort)m_value, format) : Number.ToString((long)m_value, format);
        public string ToString(string format, IFormatProvider provider) => ToString(format);
        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider provider = null)
            => Number.IsHex(format) ? Number.TryFormat((ulong)(ushort)m_value, false, format, destination, out charsWritten)
                                    : Number.TryFormat(m_value < 0 ? (ulong)(-(long)m_value) : (ulong)(long)m_value, m_value < 0, format, destination, out charsWritten);
    }
    public struct UInt16 : IFormattable
    {
        private ushort m_value;
        public override string ToString() => Number.ToString((ulong)m_value, default);
        public string ToString(string format) => Number.ToString((ulong)m_value, format);
        public string ToString(string format, IFormatProvider provider) => ToString(format);
        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider provider = null)
            => Number.TryFormat((ulong)m_value, false, format, destination, out charsWritten);
    }
    public struct Int32 : IFormattable
    {
        private int m_value;
        public const int MaxValue = 0x7fffffff;
        public const int MinValue = unchecked((int)0x80000000);
        public override string ToString() => Number.ToString((long)m_value, default);
        public string ToString(string format) => Number.IsHex(format) ? Number.ToString((ulong)(uint)m_value, format) : Number.ToString((long)m_value, format);
        public string ToString(string format, IFormatProvider provider) => ToString(format);
        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider provider = null)
            => Number.IsHex(format) ? Number.TryFormat((ulong)(uint)m_value, false, format, destination, out charsWritten)
                                    : Number.TryFormat(m_value < 0 ? (ulong)(-(long)m_value) : (ulong)(long)m_value, m_value < 0, format, destination, out charsWritten);
    }
    public struct UInt32 : IFormattable
    {
        private uint m_value;
        public const uint MaxValue = 0xffffffff;
        public override string ToString() => Number.ToString((ulong)m_value, default);
        public string ToString(string format) => Number.ToString((ulong)m_value, format);
        public string ToString(string format, IFormatProvider provider) => ToString(format);
        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider provider = null)
            => Number.TryFormat((ulong)m_value, false, format, destination, out charsWritten);
    }
    public struct Int64 : IFormattable
    {
        private long m_value;
        public const long MaxValue = 0x7fffffffffffffff;
        public const long MinValue = unchecked((long)0x8000000000000000);
        public override string ToString() => Number.ToString((long)m_value, default);
        public string ToString(string format) => Number.IsHex(format) ? Number.ToString((ulong)(ulong)m_value, format) : Number.ToString((long)m_value, format);
        public string ToString(string format, IFormatProvider provider) => ToString(format);
        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider provider = null)
            => Number.IsHex(format) ? Number.TryFormat((ulong)(ulong)m_value, false, format, destination, out charsWritten)
                                    : Number.TryFormat(m_value < 0 ? (ulong)(-(long)m_value) : (ulong)(long)m_value, m_value < 0, format, destination, out charsWritten);
    }
    public struct UInt64 : IFormattable
    {
        private ulong m_value;
        public const ulong MaxValue = 0xffffffffffffffff;
        public override string ToString() => Number.ToString((ulong)m_value, default);
        public string ToString(string format) => Number.ToString((ulong)m_value, format);
        public string ToString(string format, IFormatProvider provider) => ToString(format);
        public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format = default, IFormatProvider provider = null)
            => Number.TryFormat((ulong)m_value, false, format, destination, out charsWritten);
    }
}
