using System;

namespace Lunix.Kernel.Diagnostics
{
    internal enum FormatArgKind : byte { Signed, Unsigned, Pointer, Char, Bool, String }

    // One printf argument: a value and what it was, so that a conversion that does not fit the
    // value (a %d given a string) can still print something sensible.
    public readonly unsafe struct FormatArg
    {
        internal readonly FormatArgKind Kind;
        // Width of the value in bytes: %x of (int)-1 prints 8 digits, of (long)-1 sixteen.
        internal readonly byte Size;
        // Integers sign- or zero-extended to 64 bits; a char's code; a bool's 0 or 1.
        internal readonly ulong Bits;
        internal readonly string Text;

        private FormatArg(FormatArgKind kind, byte size, ulong bits, string text)
        {
            Kind = kind;
            Size = size;
            Bits = bits;
            Text = text;
        }

        public static implicit operator FormatArg(sbyte value) => new FormatArg(FormatArgKind.Signed, 1, (ulong)value, null);
        public static implicit operator FormatArg(byte value) => new FormatArg(FormatArgKind.Unsigned, 1, value, null);
        public static implicit operator FormatArg(short value) => new FormatArg(FormatArgKind.Signed, 2, (ulong)value, null);
        public static implicit operator FormatArg(ushort value) => new FormatArg(FormatArgKind.Unsigned, 2, value, null);
        public static implicit operator FormatArg(int value) => new FormatArg(FormatArgKind.Signed, 4, (ulong)value, null);
        public static implicit operator FormatArg(uint value) => new FormatArg(FormatArgKind.Unsigned, 4, value, null);
        public static implicit operator FormatArg(long value) => new FormatArg(FormatArgKind.Signed, 8, (ulong)value, null);
        public static implicit operator FormatArg(ulong value) => new FormatArg(FormatArgKind.Unsigned, 8, value, null);
        public static implicit operator FormatArg(nint value) => new FormatArg(FormatArgKind.Signed, 8, (ulong)value, null);
        public static implicit operator FormatArg(nuint value) => new FormatArg(FormatArgKind.Unsigned, 8, value, null);
        public static implicit operator FormatArg(char value) => new FormatArg(FormatArgKind.Char, 2, value, null);
        public static implicit operator FormatArg(bool value) => new FormatArg(FormatArgKind.Bool, 1, value ? 1UL : 0UL, null);
        public static implicit operator FormatArg(string value) => new FormatArg(FormatArgKind.String, 8, 0, value);

        public static FormatArg Pointer(void* pointer) => new FormatArg(FormatArgKind.Pointer, 8, (ulong)pointer, null);
    }

    // printf for panic messages and the kernel log, into a caller's buffer, without allocating.
    // Conversions %d %i %u %x %X %p %s %c %%; flags '-' (left-justify) and '0' (zero pad); a
    // width; length modifiers l, ll and z are accepted and ignored, since every argument knows its
    // own width. A missing argument prints <missing>; an unknown conversion is copied as written.
    public static class Printf
    {
        private const string Missing = "<missing>";

        // Returns the number of chars written; output that does not fit is cut off.
        public static int Format(Span<char> destination, ReadOnlySpan<char> format, params ReadOnlySpan<FormatArg> args)
        {
            var output = new Output(destination);
            int nextArg = 0;
            for (int i = 0; i < format.Length; i++)
            {
                if (format[i] != '%')
                {
                    output.Put(format[i]);
                    continue;
                }
                int specStart = i++;
                bool left = false, zero = false;
                for (; i < format.Length && (format[i] == '-' || format[i] == '0'); i++)
                {
                    if (format[i] == '-') left = true;
                    else zero = true;
                }
                int width = 0;
                for (; i < format.Length && format[i] >= '0' && format[i] <= '9'; i++)
                    if (width < 10000) width = width * 10 + (format[i] - '0');
                while (i < format.Length && (format[i] == 'l' || format[i] == 'z')) i++;
                if (i == format.Length)
                {
                    output.Put(format.Slice(specStart));
                    break;
                }
                char conversion = format[i];
                if (conversion == '%')
                {
                    output.Put('%');
                }
                else if (!IsConversion(conversion))
                {
                    output.Put(format.Slice(specStart, i - specStart + 1));
                }
                else if (nextArg == args.Length)
                {
                    Field(ref output, default, Missing, false, left, width);
                }
                else
                {
                    Convert(ref output, conversion, args[nextArg++], left, zero, width);
                }
            }
            return output.Position;
        }

        private static bool IsConversion(char c)
            => c == 'd' || c == 'i' || c == 'u' || c == 'x' || c == 'X' || c == 'p' || c == 's' || c == 'c';

        private static void Convert(ref Output output, char conversion, FormatArg arg, bool left, bool zero, int width)
        {
            Span<char> digits = stackalloc char[20];
            if (arg.Kind == FormatArgKind.String)
            {
                Field(ref output, default, arg.Text ?? "(null)", false, left, width);
                return;
            }
            // %s and %c show a value as itself; the numeric conversions show its number.
            if (conversion == 's' || conversion == 'c')
            {
                if (arg.Kind == FormatArgKind.Bool)
                {
                    Field(ref output, default, arg.Bits != 0 ? "true" : "false", false, left, width);
                    return;
                }
                if (arg.Kind == FormatArgKind.Char || (conversion == 'c' && arg.Kind != FormatArgKind.Pointer))
                {
                    Span<char> single = stackalloc char[1];
                    single[0] = (char)arg.Bits;
                    Field(ref output, default, single, false, left, width);
                    return;
                }
                conversion = arg.Kind == FormatArgKind.Pointer ? 'p' : 'd';
            }
            if (conversion == 'p')
            {
                arg.Bits.TryFormat(digits, out int written, "x16");
                Field(ref output, "0x", digits.Slice(0, written), zero, left, width);
                return;
            }
            ulong bits = arg.Size == 8 ? arg.Bits : arg.Bits & ((1UL << (arg.Size * 8)) - 1);
            if ((conversion == 'd' || conversion == 'i') && arg.Kind == FormatArgKind.Signed && (long)arg.Bits < 0)
            {
                ulong magnitude = 0 - arg.Bits;
                magnitude.TryFormat(digits, out int written);
                Field(ref output, "-", digits.Slice(0, written), zero, left, width);
                return;
            }
            int count;
            if (conversion == 'x') bits.TryFormat(digits, out count, "x");
            else if (conversion == 'X') bits.TryFormat(digits, out count, "X");
            else bits.TryFormat(digits, out count);
            Field(ref output, default, digits.Slice(0, count), zero, left, width);
        }

        // Writes prefix+body padded to width: spaces on the right when left-justified, else zeros
        // between prefix and body when zero-padding, else spaces on the left.
        private static void Field(ref Output output, scoped ReadOnlySpan<char> prefix, scoped ReadOnlySpan<char> body, bool zero, bool left, int width)
        {
            int padding = width - prefix.Length - body.Length;
            if (padding < 0) padding = 0;
            if (!left && !zero) output.Repeat(' ', padding);
            output.Put(prefix);
            if (!left && zero) output.Repeat('0', padding);
            output.Put(body);
            if (left) output.Repeat(' ', padding);
        }

        private ref struct Output
        {
            private readonly Span<char> _destination;
            private int _position;

            public Output(Span<char> destination)
            {
                _destination = destination;
                _position = 0;
            }

            public int Position => _position;

            public void Put(char c)
            {
                if (_position < _destination.Length) _destination[_position++] = c;
            }

            public void Put(scoped ReadOnlySpan<char> text)
            {
                foreach (char c in text) Put(c);
            }

            public void Repeat(char c, int count)
            {
                for (int i = 0; i < count; i++) Put(c);
            }
        }
    }
}
