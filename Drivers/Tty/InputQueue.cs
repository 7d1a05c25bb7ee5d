using System;

namespace Lunix.Drivers.Tty
{
    // The terminal's input (n_tty's read_buf): a ring of bytes typed and not yet read. In canonical
    // mode it holds complete lines, [Tail, CanonHead), each ended by a delimiter byte (newline,
    // EOL, EOL2, or the place of an end-of-file character, which is marked but never read), then
    // the line being edited, [CanonHead, Head), which erase and kill take back. In raw mode every
    // byte is complete (CanonHead = Head). Positions only grow; a byte's place is position % Size.
    public sealed class InputQueue
    {
        public const int Size = 4096;

        private readonly byte[] _bytes = new byte[Size];
        private readonly bool[] _delimiter = new bool[Size];      // ends a line
        private readonly bool[] _endOfFile = new bool[Size];      // a delimiter standing for ^D: not copied to the reader

        public long Tail { get; private set; }         // the next byte a reader gets
        public long CanonHead { get; private set; }    // the end of the complete lines
        public long Head { get; private set; }         // the end of everything typed

        public int Count => (int)(Head - Tail);
        public int Free => Size - Count;
        public int EditedLength => (int)(Head - CanonHead);
        public bool HasCompleteLine => CanonHead != Tail;

        public byte this[long position] => _bytes[position % Size];

        // A byte of the line being edited (raw mode: complete at once). False when full.
        public bool Put(byte value, bool complete)
        {
            if (Count == Size) return false;
            int at = (int)(Head % Size);
            _bytes[at] = value;
            _delimiter[at] = false;
            _endOfFile[at] = false;
            Head++;
            if (complete) CanonHead = Head;
            return true;
        }

        // The delimiter that completes the edited line: a byte that is read, or ^D's mark.
        public bool PutDelimiter(byte value, bool endOfFile)
        {
            if (Count == Size) return false;
            int at = (int)(Head % Size);
            _bytes[at] = value;
            _delimiter[at] = true;
            _endOfFile[at] = endOfFile;
            Head++;
            CanonHead = Head;
            return true;
        }

        // Takes the last byte of the line being edited back (erase); false when there is none.
        public bool Unput(out byte value)
        {
            value = 0;
            if (Head == CanonHead) return false;
            Head--;
            value = _bytes[Head % Size];
            return true;
        }

        // Everything typed becomes readable: raw mode (and the switch to it).
        public void CommitAll() => CanonHead = Head;

        // The switch to canonical mode with bytes waiting (n_tty_set_termios): they become one
        // line, pushed out as it is; with none, nothing is complete.
        public void MakeOneLine()
        {
            for (long p = Tail; p < Head; p++) _delimiter[p % Size] = _endOfFile[p % Size] = false;
            if (Head != Tail) _delimiter[(Head - 1) % Size] = true;
            CanonHead = Head;
        }

        public void Clear() => Tail = CanonHead = Head;

        // The first complete line: where it ends (one past its delimiter) and whether that
        // delimiter is ^D's mark. False when no line is complete.
        public bool FirstLine(out long end, out bool endOfFile)
        {
            for (long p = Tail; p < CanonHead; p++)
            {
                if (!_delimiter[p % Size]) continue;
                end = p + 1;
                endOfFile = _endOfFile[p % Size];
                return true;
            }
            end = 0;
            endOfFile = false;
            return false;
        }

        // Copies up to into.Length complete bytes from Tail and takes them.
        public int Take(Span<byte> into)
        {
            int count = (int)Math.Min(into.Length, CanonHead - Tail);
            for (int i = 0; i < count; i++) into[i] = _bytes[(Tail + i) % Size];
            Tail += count;
            return count;
        }

        public void Skip(long count) => Tail += count;

        public bool IsEndOfFileMark(long position) => _delimiter[position % Size] && _endOfFile[position % Size];
    }
}
