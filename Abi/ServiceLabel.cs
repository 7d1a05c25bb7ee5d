using System;

namespace Lunix.Abi
{
    // A service's name as it travels in messages and tables: up to 16 ASCII bytes, zero-padded,
    // in two words (no fixed buffer: it would put a stack cookie in every method with one).
    public struct ServiceLabel
    {
        public const int Max = 16;
        public ulong Part0, Part1;

        public static ServiceLabel From(ReadOnlySpan<char> text)
        {
            ServiceLabel label = default;
            for (int i = 0; i < Math.Min(text.Length, Max); i++)
            {
                ulong b = (ulong)(text[i] & 0x7F) << (8 * (i & 7));
                if (i < 8) label.Part0 |= b; else label.Part1 |= b;
            }
            return label;
        }

        public readonly byte ByteAt(int index) => (byte)((index < 8 ? Part0 : Part1) >> (8 * (index & 7)));

        public readonly int Length
        {
            get
            {
                int length = 0;
                while (length < Max && ByteAt(length) != 0) length++;
                return length;
            }
        }

        public readonly bool Equals(ServiceLabel other) => Part0 == other.Part0 && Part1 == other.Part1;

        // Into `text` (at least Max chars); returns the length.
        public readonly int CopyTo(Span<char> text)
        {
            int length = Length;
            for (int i = 0; i < length; i++) text[i] = (char)ByteAt(i);
            return length;
        }
    }
}
