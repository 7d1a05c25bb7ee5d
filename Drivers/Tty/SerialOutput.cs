using System;

namespace Lunix.Drivers.Tty
{
    // Who sends next on COM1: the terminal's output or the kernel's log (the kernel's lines and
    // every service's console lines, Kernel/Console/KernelLog.cs). Neither may garble the other,
    // so the log goes out only at a line's end: at once when the line is closed; when it is open
    // (a prompt, half a command typed) and the terminal has sent nothing for Grace ticks (a
    // program's line that comes in several writes is not cut between them), or has sent
    // LineLimit bytes without ending it, the line is broken with "\r\n", the log sent, and the
    // open line printed again below it, escape sequences and all, so what was typed stays in
    // sight (a line longer than what is kept, or begun before a screen clear, is not reprinted
    // in full: only what came after). The terminal's own bytes go to the screen as they go out;
    // the kernel draws its log itself when sending it.
    public sealed class SerialOutput
    {
        public const int LineLimit = 512;
        private const int LogChunk = 256;
        private const int Kept = 256;               // the open line's bytes kept for a reprint

        private enum Phase { Own, Break, Log, Reprint }

        private readonly byte[] _line = new byte[Kept];
        private int _lineLength;
        private bool _lineOpen, _lineOverflow;
        private int _escape;                        // 0 text, 1 after ESC, 2 inside a CSI sequence

        private readonly byte[] _inserted = new byte[Kept + 2];     // the break, or the reprint
        private int _insertedLength, _insertedSent;
        private Phase _phase = Phase.Own;
        private int _ownWhileLogWaits;

        private readonly byte[] _screen = new byte[256];
        private int _screenLength;

        // The kernel's log has text (DIAGCTL LogPending, asked at each notification from the
        // kernel); cleared once the log is sent.
        public bool LogWaiting;

        // The clock (the kernel's ticks, set by the driver before each Pump), and how long an
        // open line must have been quiet before the log breaks it (0: at once).
        public ulong Now;
        public ulong Grace;
        private ulong _lastOwn;                     // when the terminal last sent its own bytes

        // Whether anything may be sent now: the driver keeps the UART's transmit interrupt on
        // meanwhile. A log held back by an open line's grace waits for the driver's alarm
        // (LogDeadline), not for the UART.
        public bool Pending(Terminal terminal) =>
            LogWaiting && (!_lineOpen || MayBreakLine(terminal)) || _phase != Phase.Own || terminal.OutputPending && !terminal.OutputStopped;

        // When a log that waits for an open line may break it (the driver's alarm), or 0.
        public ulong LogDeadline(Terminal terminal) =>
            LogWaiting && _phase == Phase.Own && _lineOpen && !MayBreakLine(terminal) && !terminal.OutputPending ? _lastOwn + Grace : 0;

        private bool MayBreakLine(Terminal terminal) =>
            !terminal.OutputPending && Now >= _lastOwn + Grace || terminal.OutputStopped || _ownWhileLogWaits >= LineLimit;

        // Sends while the UART takes bytes and anything waits.
        public void Pump(Terminal terminal, SerialLine line)
        {
            Span<byte> burst = stackalloc byte[SerialLine.FifoBytes];
            Span<byte> log = stackalloc byte[LogChunk];
            while (Pending(terminal) && line.Ready)
            {
                switch (_phase)
                {
                    case Phase.Own:
                        if (LogWaiting && (!_lineOpen || MayBreakLine(terminal)))
                        {
                            StartLog();
                            continue;
                        }
                        int count = terminal.TakeOutput(burst);
                        if (count == 0) return;
                        SendOwn(line, burst.Slice(0, count));
                        if (LogWaiting) _ownWhileLogWaits += count;
                        break;
                    case Phase.Break:
                    case Phase.Reprint:
                        SendInserted(line);
                        break;
                    case Phase.Log:
                        FlushScreen(line);
                        int sent = line.SendLog(log);
                        Track(log.Slice(0, sent));
                        if (sent == log.Length) break;
                        if (!line.Ready) return;        // the UART is full; the rest at its next interrupt
                        LogWaiting = false;             // the UART still takes bytes: the log is empty
                        EndLog();
                        break;
                }
            }
            FlushScreen(line);
        }

        // The line is closed: the log goes now. It is open: break it, keeping it to reprint.
        private void StartLog()
        {
            _ownWhileLogWaits = 0;
            if (!_lineOpen)
            {
                _phase = Phase.Log;
                _insertedLength = 0;
                return;
            }
            // The reprint is kept in _inserted after the break's two bytes; sent from there later.
            _inserted[0] = (byte)'\r';
            _inserted[1] = (byte)'\n';
            int kept = _lineOverflow ? 0 : _lineLength;
            _line.AsSpan(0, kept).CopyTo(_inserted.AsSpan(2, kept));
            _insertedLength = 2;
            _reprintLength = kept;
            _insertedSent = 0;
            _phase = Phase.Break;
        }

        private int _reprintLength;

        private void EndLog()
        {
            // A log that ends in the middle of a line (a program's raw console output) leaves
            // that line open: the old one is not printed under it.
            if (_reprintLength > 0 && !_lineOpen)
            {
                _inserted.AsSpan(2, _reprintLength).CopyTo(_inserted.AsSpan(0, _reprintLength));
                _insertedLength = _reprintLength;
                _insertedSent = 0;
                _reprintLength = 0;
                _phase = Phase.Reprint;
                return;
            }
            _reprintLength = 0;
            _phase = Phase.Own;
        }

        private void SendInserted(SerialLine line)
        {
            int count = Math.Min(SerialLine.FifoBytes, _insertedLength - _insertedSent);
            SendOwn(line, _inserted.AsSpan(_insertedSent, count));
            _insertedSent += count;
            if (_insertedSent < _insertedLength) return;
            if (_phase == Phase.Break) _phase = Phase.Log;
            else _phase = Phase.Own;
        }

        private void SendOwn(SerialLine line, ReadOnlySpan<byte> bytes)
        {
            _lastOwn = Now;
            line.Send(bytes);
            Screen(line, bytes);
            Track(bytes);
        }

        // Follows the line the cursor is on: what was sent since the last newline, and where a
        // screen clear or cursor home (ESC [ ... H, J, f) makes a fresh start.
        private void Track(ReadOnlySpan<byte> bytes)
        {
            foreach (byte b in bytes)
            {
                if (b == '\n')
                {
                    _lineOpen = false;
                    _lineLength = 0;
                    _lineOverflow = false;
                    _escape = 0;
                    continue;
                }
                _lineOpen = true;
                if (_lineLength < Kept) _line[_lineLength++] = b;
                else _lineOverflow = true;
                if (_escape == 1) _escape = b == '[' ? 2 : 0;
                else if (_escape == 2)
                {
                    if (b < 0x40 || b > 0x7E) continue;
                    _escape = 0;
                    if (b == 'H' || b == 'J' || b == 'f')
                    {
                        _lineLength = 0;
                        _lineOverflow = false;
                    }
                }
                else if (b == 0x1B) _escape = 1;
            }
        }

        private void Screen(SerialLine line, ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length > _screen.Length - _screenLength) FlushScreen(line);
            bytes.CopyTo(_screen.AsSpan(_screenLength, bytes.Length));
            _screenLength += bytes.Length;
        }

        private void FlushScreen(SerialLine line)
        {
            if (_screenLength == 0) return;
            line.Screen(_screen.AsSpan(0, _screenLength));
            _screenLength = 0;
        }
    }
}
