namespace System.Runtime.CompilerServices
{
    // Builds $"..." strings. Values are formatted through IFormattable when they implement it.
    [InterpolatedStringHandler]
    public ref struct DefaultInterpolatedStringHandler
    {
        private char[] _buffer;
        private int _pos;

        public DefaultInterpolatedStringHandler(int literalLength, int formattedCount)
        {
            _buffer = new char[literalLength + formattedCount * 16 + 8];
            _pos = 0;
        }

        public void AppendLiteral(string value) => Append(value);

        public void AppendFormatted<T>(T value) => AppendFormatted(value, null);

        public void AppendFormatted<T>(T value, string format)
        {
            if (value is IFormattable f) Append(f.ToString(format, null));
            else if (value != null) Append(value.ToString());
        }

        public void AppendFormatted<T>(T value, int alignment) => AppendFormatted(value, alignment, null);

        public void AppendFormatted<T>(T value, int alignment, string format)
        {
            string text = value is IFormattable f ? f.ToString(format, null) : value?.ToString() ?? "";
            int width = alignment < 0 ? -alignment : alignment;
            if (alignment > 0) for (int i = text.Length; i < width; i++) Append(" ");
            Append(text);
            if (alignment < 0) for (int i = text.Length; i < width; i++) Append(" ");
        }

        public void AppendFormatted(string value) => Append(value);

        public void AppendFormatted(ReadOnlySpan<char> value) => Append(value);

        private void Append(ReadOnlySpan<char> text)
        {
            if (_pos + text.Length > _buffer.Length)
                Array.Resize(ref _buffer, (_pos + text.Length) * 2);
            text.CopyTo(new Span<char>(_buffer, _pos, text.Length));
            _pos += text.Length;
        }

        public string ToStringAndClear()
        {
            string result = new string(new ReadOnlySpan<char>(_buffer).Slice(0, _pos));
            _pos = 0;
            return result;
        }

        public override string ToString() => new string(new ReadOnlySpan<char>(_buffer).Slice(0, _pos));
    }
}
