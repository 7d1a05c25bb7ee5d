using System;

namespace Lunix.Drivers.Tty
{
    // Scancode set 1 (what QEMU's and PCs' i8042 gives by translation) to the bytes Linux's
    // console sends for the US layout (its defkeymap): letters and symbols with shift and caps
    // lock, ctrl's control characters (the line discipline makes ^C a signal), alt as an ESC
    // prefix (Linux's meta), the cursor and editing keys as "ESC [ A" .. "ESC [ 6 ~", F1..F12,
    // and the keypad (num lock off: its cursor keys, as Linux starts). Alt-F1..F12 (and
    // Ctrl-Alt-Fn) ask for a console switch instead of bytes. No I/O: the driver feeds it the
    // bytes port 0x60 gave, the hosted tests feed it sequences.
    public sealed class KeyboardDecoder
    {
        public const int MaxBytes = 8;              // the longest a key gives ("ESC ESC [ 2 4 ~")

        // Set 1 make codes 0x00..0x39 as ASCII, unshifted and shifted; 0: a modifier or no key.
        private const string Plain = "\0\x1b" + "1234567890-=\x7f\tqwertyuiop[]\r\0asdfghjkl;'`\0\\zxcvbnm,./\0*\0 ";
        private const string Shifted = "\0\x1b" + "!@#$%^&*()_+\x7f\tQWERTYUIOP{}\r\0ASDFGHJKL:\"~\0|ZXCVBNM<>?\0*\0 ";

        private const byte Extended = 0xE0, Pause = 0xE1, Released = 0x80;
        private const byte LeftShift = 0x2A, RightShift = 0x36, Ctrl = 0x1D, Alt = 0x38, CapsLock = 0x3A, NumLock = 0x45;

        private bool _extended;
        private int _pauseBytes;                    // Pause's E1 sequence: bytes still to skip
        private bool _leftShift, _rightShift, _leftCtrl, _rightCtrl, _leftAlt, _rightAlt;

        public bool CapsLockOn { get; private set; }
        public bool NumLockOn { get; private set; }

        private bool Shift => _leftShift || _rightShift;
        private bool Control => _leftCtrl || _rightCtrl;
        private bool AltDown => _leftAlt || _rightAlt;

        // One byte from the keyboard: the bytes the key gives into `output` (at least MaxBytes
        // long), how many; `switchTo` the console (0-based) Alt-Fn asks for, else -1.
        public int Decode(byte scancode, Span<byte> output, out int switchTo)
        {
            switchTo = -1;
            if (_pauseBytes > 0) { _pauseBytes--; return 0; }
            if (scancode == Pause) { _pauseBytes = 5; return 0; }
            if (scancode == Extended) { _extended = true; return 0; }
            bool extended = _extended;
            _extended = false;
            bool released = (scancode & Released) != 0;
            byte code = (byte)(scancode & ~Released);
            if (Modifier(code, extended, released) || released) return 0;
            if (code >= 0x3B && code <= 0x44 || code == 0x57 || code == 0x58)
            {
                int function = code == 0x57 ? 10 : code == 0x58 ? 11 : code - 0x3B;
                if (AltDown) { switchTo = function; return 0; }
                return FunctionKey(function, output);
            }
            if (extended) return ExtendedKey(code, output);
            if (code >= 0x47 && code <= 0x53) return Keypad(code, output);
            if (code >= Plain.Length) return 0;
            char c = Shift ? Shifted[code] : Plain[code];
            if (c == 0) return 0;
            if (CapsLockOn && (c | 0x20) >= 'a' && (c | 0x20) <= 'z') c = (char)(c ^ 0x20);
            if (Control) c = ControlOf(c);
            if (code == 0x0E && Control) c = '\b';   // Ctrl-Backspace: ^H, as Linux's Control_h
            return Emit(c, output);
        }

        // Shift, ctrl, alt (held) and caps/num lock (toggled at the press): true when it was one.
        private bool Modifier(byte code, bool extended, bool released)
        {
            bool down = !released;
            switch (code)
            {
                case LeftShift: if (!extended) _leftShift = down; return true;    // E0 2A: a fake shift around E0 keys
                case RightShift: if (!extended) _rightShift = down; return true;
                case Ctrl: if (extended) _rightCtrl = down; else _leftCtrl = down; return true;
                case Alt: if (extended) _rightAlt = down; else _leftAlt = down; return true;
                case CapsLock: if (down) CapsLockOn = !CapsLockOn; return true;
                case NumLock: if (down) NumLockOn = !NumLockOn; return true;
                case 0x46: return true;                                             // scroll lock
                default: return false;
            }
        }

        // Ctrl with a key (Linux's defkeymap): letters and @[\]^_ give 0x00..0x1F, space NUL,
        // '?' DEL; digits 2..8 as on a VT220; others stay as they are.
        private static char ControlOf(char c)
        {
            if (c >= 'a' && c <= 'z') return (char)(c - 'a' + 1);
            if (c >= '@' && c <= '_') return (char)(c - '@');
            return c switch { ' ' => '\0', '2' => '\0', '3' => '\x1b', '4' => '\x1c', '5' => '\x1d', '6' => '\x1e', '7' => '\x1f', '8' => '\x7f', '/' => '\x1f', '?' => '\x7f', _ => c };
        }

        // A character, after ESC when alt is held (meta).
        private int Emit(char c, Span<byte> output)
        {
            int count = 0;
            if (AltDown) output[count++] = 0x1B;
            output[count++] = (byte)c;
            return count;
        }

        private int ExtendedKey(byte code, Span<byte> output)
        {
            switch (code)
            {
                case 0x1C: return Emit('\r', output);                  // keypad Enter
                case 0x35: return Emit('/', output);                   // keypad /
                default: return EditingKey(code, output);
            }
        }

        // The keypad: - and + always; digits and the point with num lock, else the keys they
        // are marked with (5: Linux's "ESC [ G").
        private int Keypad(byte code, Span<byte> output)
        {
            char c = "789-456+1230."[code - 0x47];
            if (NumLockOn && !Shift || c == '-' || c == '+') return Emit(c, output);
            return code == 0x4C ? Sequence("\x1b[G", output) : EditingKey(code, output);
        }

        // Home, cursor keys, page up/down, insert and delete (same codes, E0 or keypad).
        private int EditingKey(byte code, Span<byte> output) => code switch
        {
            0x47 => Sequence("\x1b[1~", output),
            0x48 => Sequence("\x1b[A", output),
            0x49 => Sequence("\x1b[5~", output),
            0x4B => Sequence("\x1b[D", output),
            0x4D => Sequence("\x1b[C", output),
            0x4F => Sequence("\x1b[4~", output),
            0x50 => Sequence("\x1b[B", output),
            0x51 => Sequence("\x1b[6~", output),
            0x52 => Sequence("\x1b[2~", output),
            0x53 => Sequence("\x1b[3~", output),
            _ => 0,
        };

        // F1..F12 as Linux's console has them.
        private int FunctionKey(int function, Span<byte> output) => function switch
        {
            0 => Sequence("\x1b[[A", output),
            1 => Sequence("\x1b[[B", output),
            2 => Sequence("\x1b[[C", output),
            3 => Sequence("\x1b[[D", output),
            4 => Sequence("\x1b[[E", output),
            5 => Sequence("\x1b[17~", output),
            6 => Sequence("\x1b[18~", output),
            7 => Sequence("\x1b[19~", output),
            8 => Sequence("\x1b[20~", output),
            9 => Sequence("\x1b[21~", output),
            10 => Sequence("\x1b[23~", output),
            _ => Sequence("\x1b[24~", output),
        };

        private int Sequence(string text, Span<byte> output)
        {
            int count = 0;
            if (AltDown) output[count++] = 0x1B;
            foreach (char c in text) output[count++] = (byte)c;
            return count;
        }
    }
}
