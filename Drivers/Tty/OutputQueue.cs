using System;

namespace Lunix.Drivers.Tty
{
    // Bytes ready for the serial port, after output processing (the serial driver's xmit buffer):
    // what programs wrote and the echo of what was typed, in the order they happened.
    public sealed class OutputQueue
    {
        public const int Size = 4096;

        private readonly byte[] _bytes = new byte[Size];
        private long _tail, _head;

        public int Count => (int)(_head - _tail);
        public int Free => Size - Count;
        public bool IsEmpty => _head == _tail;

        public bool Put(byte value)
        {
            if (Count == Size) return false;
            _bytes[_head++ % Size] = value;
            return true;
        }

        // Both or neither, so that a character's expansion ("\r\n") is never cut.
        public bool Put(ReadOnlySpan<byte> values)
        {
            if (values.Length > Free) return false;
            foreach (byte value in values) _bytes[_head++ % Size] = value;
            return true;
        }

        // Up to into.Length bytes from the front, taken.
        public int Take(Span<byte> into)
        {
            int count = Math.Min(into.Length, Count);
            for (int i = 0; i < count; i++) into[i] = _bytes[(_tail + i) % Size];
            _tail += count;
            return count;
        }

        public void Clear() => _tail = _head;
    }
}
