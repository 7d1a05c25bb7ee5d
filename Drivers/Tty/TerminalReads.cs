using System;
using Lunix.Abi.Linux;

namespace Lunix.Drivers.Tty
{
    // A read in progress: how much it asked for, how much it got so far, and the VTIME deadline.
    public struct TerminalRead
    {
        public int Length;
        public int Moved;
        public bool NonBlocking;
        public bool Started;
        public ulong Deadline;          // clock tick at which VTIME ends it; 0: none
    }

    // Reads (Linux's n_tty_read): in canonical mode one line, or as much of it as the reader
    // takes; in raw mode what VMIN and VTIME say:
    //   MIN > 0, TIME = 0: at least MIN bytes (or the whole request);
    //   MIN > 0, TIME > 0: MIN bytes, or fewer once TIME tenths pass after the last byte came;
    //   MIN = 0, TIME > 0: whatever comes within TIME tenths, perhaps nothing;
    //   MIN = 0, TIME = 0: whatever is there, perhaps nothing, never EAGAIN.
    public sealed partial class Terminal
    {
        public const long Waiting = long.MinValue;      // the read (or write) waits for input, room or its deadline
        public const long More = long.MinValue + 1;     // `into` was filled: move it and call again

        // Moves what the read may take now into `into` (what is left of the read, at most
        // into.Length), `taken` bytes, already counted in read.Moved. Returns the read's result
        // when it is finished (the bytes moved, or -EAGAIN), More, or Waiting.
        public long Read(ref TerminalRead read, Span<byte> into, out int taken, ulong now)
        {
            taken = 0;
            if (read.Length == 0) return 0;
            int room = Math.Min(into.Length, read.Length - read.Moved);
            return Canonical ? ReadLine(ref read, into.Slice(0, room), ref taken) : ReadRaw(ref read, into.Slice(0, room), ref taken, now);
        }

        private long ReadLine(ref TerminalRead read, Span<byte> into, ref int taken)
        {
            if (!Input.FirstLine(out long end, out bool endOfFile))
            {
                if (read.Moved > 0) return read.Moved;
                return read.NonBlocking ? -(long)LinuxErrno.EAGAIN : Waiting;
            }
            long copyable = end - Input.Tail - (endOfFile ? 1 : 0);
            if (copyable > into.Length)
            {
                taken = Input.Take(into);
                read.Moved += taken;
                return read.Moved < read.Length ? More : read.Moved;
            }
            taken = Input.Take(into.Slice(0, (int)copyable));
            if (endOfFile) Input.Skip(1);
            read.Moved += taken;
            return read.Moved;
        }

        private long ReadRaw(ref TerminalRead read, Span<byte> into, ref int taken, ulong now)
        {
            int min = Settings.ControlChars[ControlChar.VMIN];
            ulong time = Settings.ControlChars[ControlChar.VTIME] * TicksPerTenth;
            if (!read.Started)
            {
                read.Started = true;
                if (min == 0 && time > 0) read.Deadline = now + time;
            }
            taken = Input.Take(into);
            read.Moved += taken;
            if (taken > 0 && min > 0 && time > 0) read.Deadline = now + time;     // the timer runs between bytes
            int minimum = min > 0 ? min : 1;
            if (read.Moved >= minimum || read.Moved == read.Length) return read.Moved;
            if (taken == into.Length && Input.Count > 0) return More;
            if (min == 0 && time == 0) return read.Moved;
            if (read.Deadline != 0 && now >= read.Deadline && (min == 0 || read.Moved > 0)) return read.Moved;
            if (read.NonBlocking) return read.Moved > 0 ? read.Moved : -(long)LinuxErrno.EAGAIN;
            return Waiting;
        }
    }
}
