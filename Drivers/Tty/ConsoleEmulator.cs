using System;

namespace Lunix.Drivers.Tty
{
    // What a terminal's output does to a console's screen: Linux's console (vt.c's do_con_trol)
    // for the controls and escape sequences busybox's shell, vi and less send: CR, LF, BS, TAB,
    // ESC 7/8/M/D/E/c, and CSI with A B C D E F G H f d J K L M P @ X m r s u n c and ?25 h/l;
    // colours and attributes (SGR) change the cell attribute; other sequences (charsets, OSC,
    // modes) are consumed without effect. Answers the terminal owes (cursor position report,
    // device attributes) are kept for the driver to feed back as input.
    public sealed class ConsoleEmulator
    {
        private const int MaxParameters = 8;
        private enum State : byte { Text, Escape, Csi, Charset, Osc, OscEscape }

        public readonly ConsoleScreen Screen;
        private State _state;
        private readonly int[] _parameters = new int[MaxParameters];
        private int _count;
        private bool _private;                          // "ESC [ ?"
        private bool _bright, _reverse;
        private byte _foreground = 7, _background;

        private readonly byte[] _answer = new byte[16];
        private int _answerLength;

        public ConsoleEmulator(ConsoleScreen screen) => Screen = screen;

        // Bytes the terminal owes its reader (ESC [ 6 n's report); taking them clears them.
        public ReadOnlySpan<byte> Answer => new ReadOnlySpan<byte>(_answer, 0, _answerLength);
        public void TakeAnswer() => _answerLength = 0;

        // RIS (ESC c), and a freed console (VT_DISALLOCATE): a blank screen, the attributes and
        // the parser as at start.
        public void Reset()
        {
            _state = State.Text;
            ResetAttributes();
            Screen.Reset();
        }

        public void Write(ReadOnlySpan<byte> bytes)
        {
            foreach (byte b in bytes) Write(b);
        }

        public void Write(byte b)
        {
            switch (_state)
            {
                case State.Text: Text(b); return;
                case State.Escape: Escape(b); return;
                case State.Csi: Csi(b); return;
                case State.Charset: _state = State.Text; return;
                case State.Osc: if (b == 0x07) _state = State.Text; else if (b == 0x1B) _state = State.OscEscape; return;
                case State.OscEscape: _state = b == '\\' ? State.Text : State.Osc; return;
            }
        }

        private void Text(byte b)
        {
            switch (b)
            {
                case 0x1B: _state = State.Escape; return;
                case (byte)'\r': Screen.CarriageReturn(); return;
                case (byte)'\n': case 0x0B: case 0x0C: Screen.LineFeed(); return;
                case (byte)'\b': Screen.Backspace(); return;
                case (byte)'\t': Screen.Tab(); return;
                default:
                    if (b >= 0x20 && b != 0x7F) Screen.Put(b);
                    return;                             // other controls (BEL, SO, SI): nothing on a screen
            }
        }

        private void Escape(byte b)
        {
            _state = State.Text;
            switch (b)
            {
                case (byte)'[':
                    _state = State.Csi;
                    _count = 0;
                    _private = false;
                    _parameters.AsSpan().Clear();
                    return;
                case (byte)']': _state = State.Osc; return;
                case (byte)'(': case (byte)')': _state = State.Charset; return;
                case (byte)'7': Screen.SaveCursor(); return;
                case (byte)'8': Screen.RestoreCursor(); return;
                case (byte)'M': Screen.ReverseLineFeed(); return;
                case (byte)'D': Screen.LineFeed(); return;
                case (byte)'E': Screen.CarriageReturn(); Screen.LineFeed(); return;
                case (byte)'c': Reset(); return;
            }
        }

        private void Csi(byte b)
        {
            if (b >= '0' && b <= '9')
            {
                if (_count == 0) _count = 1;
                ref int value = ref _parameters[_count - 1];
                if (value < 10000) value = value * 10 + (b - '0');
                return;
            }
            if (b == ';')
            {
                if (_count == 0) _count = 1;
                if (_count < MaxParameters) _count++;
                return;
            }
            if (b == '?') { _private = true; return; }
            if (b < 0x40 || b > 0x7E) return;           // other intermediates: ignored
            _state = State.Text;
            Final((char)b);
        }

        // A parameter, or `otherwise` when it is missing or 0 (counts and positions count from 1).
        private int Parameter(int index, int otherwise) => index < _count && _parameters[index] > 0 ? _parameters[index] : otherwise;

        private void Final(char command)
        {
            ConsoleScreen s = Screen;
            int n = Parameter(0, 1);
            if (_private)
            {
                if (Parameter(0, 0) == 25 && (command == 'h' || command == 'l')) s.CursorVisible = command == 'h';
                return;
            }
            switch (command)
            {
                case 'A': s.MoveTo(s.Row - n, s.Column); break;
                case 'B': case 'e': s.MoveTo(s.Row + n, s.Column); break;
                case 'C': case 'a': s.MoveTo(s.Row, s.Column + n); break;
                case 'D': s.MoveTo(s.Row, s.Column - n); break;
                case 'E': s.MoveTo(s.Row + n, 0); break;
                case 'F': s.MoveTo(s.Row - n, 0); break;
                case 'G': case '`': s.MoveTo(s.Row, n - 1); break;
                case 'd': s.MoveTo(n - 1, s.Column); break;
                case 'H': case 'f': s.MoveTo(Parameter(0, 1) - 1, Parameter(1, 1) - 1); break;
                case 'J': s.EraseInDisplay(Parameter(0, 0)); break;
                case 'K': s.EraseInLine(Parameter(0, 0)); break;
                case 'L': s.InsertLines(n); break;
                case 'M': s.DeleteLines(n); break;
                case 'P': s.DeleteCharacters(n); break;
                case '@': s.InsertCharacters(n); break;
                case 'X': s.EraseCharacters(n); break;
                case 'm': SelectGraphicRendition(); break;
                case 'r': s.SetScrollRegion(Parameter(0, 1) - 1, Parameter(1, s.Rows) - 1); break;
                case 's': s.SaveCursor(); break;
                case 'u': s.RestoreCursor(); break;
                case 'n': if (Parameter(0, 0) == 6) ReportPosition(); else if (Parameter(0, 0) == 5) Reply("\x1b[0n"); break;
                case 'c': if (Parameter(0, 0) == 0) Reply("\x1b[?6c"); break;
            }
        }

        // ESC [ ... m: bold (as bright), reverse, the eight colours; the rest ignored.
        private void SelectGraphicRendition()
        {
            int count = _count == 0 ? 1 : _count;
            for (int i = 0; i < count; i++)
            {
                int p = _parameters[i];
                if (p == 0) ResetAttributes();
                else if (p == 1) _bright = true;
                else if (p == 22) _bright = false;
                else if (p == 7) _reverse = true;
                else if (p == 27) _reverse = false;
                else if (p >= 30 && p <= 37) _foreground = AnsiToVga(p - 30);
                else if (p == 39) _foreground = 7;
                else if (p >= 40 && p <= 47) _background = AnsiToVga(p - 40);
                else if (p == 49) _background = 0;
            }
            byte foreground = (byte)(_foreground | (_bright ? 8 : 0));
            Screen.Attribute = _reverse ? (byte)(_foreground << 4 | _background) : (byte)(_background << 4 | foreground);
        }

        private void ResetAttributes()
        {
            _bright = _reverse = false;
            _foreground = 7;
            _background = 0;
            Screen.Attribute = ConsoleScreen.DefaultAttribute;
        }

        // ANSI's colour order (red = 1, blue = 4) to VGA's (blue = 1, red = 4).
        private static byte AnsiToVga(int ansi) => (byte)((ansi & 2) | (ansi & 1) << 2 | (ansi & 4) >> 2);

        private void ReportPosition()
        {
            Span<char> text = stackalloc char[16];
            int length = 0;
            text[length++] = '\x1b';
            text[length++] = '[';
            length += Decimal(Screen.Row + 1, text.Slice(length));
            text[length++] = ';';
            length += Decimal(Screen.Column + 1, text.Slice(length));
            text[length++] = 'R';
            Reply(text.Slice(0, length));
        }

        private static int Decimal(int value, Span<char> into)
        {
            int digits = value >= 100 ? 3 : value >= 10 ? 2 : 1;
            for (int i = digits - 1; i >= 0; i--, value /= 10) into[i] = (char)('0' + value % 10);
            return digits;
        }

        private void Reply(ReadOnlySpan<char> text)
        {
            foreach (char c in text)
                if (_answerLength < _answer.Length) _answer[_answerLength++] = (byte)c;
        }
    }
}
