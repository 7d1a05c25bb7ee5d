using System;

namespace Lunix.SystemLibrary
{
    // A line for the kernel console built from pieces without allocating: text and decimal
    // numbers appended into a caller's buffer (up to its length), then printed as one line.
    public ref struct ConsoleLine
    {
        private readonly Span<char> _buffer;
        private int _length;

        public ConsoleLine(Span<char> buffer)
        {
            _buffer = buffer;
            _length = 0;
        }

        public ConsoleLine Append(string text) => Append(text.AsSpan());

        public ConsoleLine Append(ReadOnlySpan<char> text)
        {
            int count = Math.Min(text.Length, _buffer.Length - _length);
            text.Slice(0, count).CopyTo(_buffer.Slice(_length));
            _length += count;
            return this;
        }

        public ConsoleLine Append(ulong value)
        {
            value.TryFormat(_buffer.Slice(_length), out int written);
            _length += written;
            return this;
        }

        // `value` in lower-case hexadecimal, at least `digits` digits (zeros in front), no prefix.
        public ConsoleLine AppendHex(ulong value, int digits = 1)
        {
            int count = 1;
            for (ulong rest = value >> 4; rest != 0; rest >>= 4) count++;
            if (count < digits) count = digits;
            for (int i = count - 1; i >= 0 && _length < _buffer.Length; i--)
                _buffer[_length++] = "0123456789abcdef"[(int)((value >> (4 * i)) & 0xF)];
            return this;
        }

        public readonly int Length => _length;

        public readonly ReadOnlySpan<char> Text => _buffer.Slice(0, _length);

        public void Print() => Kernel.Print(_buffer.Slice(0, _length));
    }
}
