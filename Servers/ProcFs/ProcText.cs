using System;
using System.Diagnostics.CodeAnalysis;

namespace Lunix.Servers.ProcFs
{
    // A /proc file's text, written into a buffer the server keeps (no allocation): ASCII, numbers
    // in decimal, a text that does not fit cut at the buffer's end (Length then says how much was
    // kept, Overflowed that more was asked).
    public ref struct ProcText
    {
        private readonly Span<byte> _buffer;
        public int Length;
        public bool Overflowed;

        public ProcText(Span<byte> buffer)
        {
            _buffer = buffer;
            Length = 0;
            Overflowed = false;
        }

        public ReadOnlySpan<byte> Written => _buffer.Slice(0, Length);

        [UnscopedRef]
        public ref ProcText Byte(byte value)
        {
            if (Length < _buffer.Length) _buffer[Length++] = value;
            else Overflowed = true;
            return ref this;
        }

        [UnscopedRef]
        public ref ProcText Char(char value) => ref Byte((byte)value);

        [UnscopedRef]
        public ref ProcText Text(string text)
        {
            foreach (char c in text) Byte(c < 0x80 ? (byte)c : (byte)'?');
            return ref this;
        }

        // Bytes up to the first NUL (a C string from a table).
        [UnscopedRef]
        public ref ProcText Bytes(scoped ReadOnlySpan<byte> bytes)
        {
            int end = bytes.IndexOf((byte)0);
            foreach (byte b in end < 0 ? bytes : bytes.Slice(0, end)) Byte(b);
            return ref this;
        }

        // Bytes as they are, NULs too (cmdline).
        [UnscopedRef]
        public ref ProcText Raw(scoped ReadOnlySpan<byte> bytes)
        {
            foreach (byte b in bytes) Byte(b);
            return ref this;
        }

        [UnscopedRef]
        public ref ProcText Number(long value)
        {
            if (value < 0)
            {
                Byte((byte)'-');
                return ref Unsigned(0UL - (ulong)value);
            }
            return ref Unsigned((ulong)value);
        }

        [UnscopedRef]
        public ref ProcText Unsigned(ulong value)
        {
            Span<byte> digits = stackalloc byte[20];
            int count = 0;
            do
            {
                digits[count++] = (byte)('0' + value % 10);
                value /= 10;
            } while (value != 0);
            while (count > 0) Byte(digits[--count]);
            return ref this;
        }

        // A number in lower-case hex, zero-padded to at least `width` digits (maps' addresses).
        [UnscopedRef]
        public ref ProcText Hex(ulong value, int width)
        {
            int digits = 1;
            for (ulong rest = value >> 4; rest != 0; rest >>= 4) digits++;
            for (int i = digits; i < width; i++) Byte((byte)'0');
            for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) Byte((byte)"0123456789abcdef"[(int)(value >> shift) & 0xF]);
            return ref this;
        }

        // A number right-aligned in `width` characters (meminfo's columns).
        [UnscopedRef]
        public ref ProcText Padded(ulong value, int width)
        {
            int digits = 1;
            for (ulong rest = value / 10; rest != 0; rest /= 10) digits++;
            for (int i = digits; i < width; i++) Byte((byte)' ');
            return ref Unsigned(value);
        }

        // `value` / `scale` with `decimals` digits after the point (uptime's seconds, loadavg).
        [UnscopedRef]
        public ref ProcText Fixed(ulong value, ulong scale, int decimals)
        {
            Unsigned(value / scale);
            Byte((byte)'.');
            ulong fraction = value % scale;
            for (int i = 0; i < decimals; i++)
            {
                fraction *= 10;
                Byte((byte)('0' + fraction / scale));
                fraction %= scale;
            }
            return ref this;
        }

        [UnscopedRef]
        public ref ProcText Line() => ref Byte((byte)'\n');
    }
}
