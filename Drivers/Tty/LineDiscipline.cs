using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Drivers.Tty
{
    // What happens to each typed byte (Linux's n_tty receive side, n_tty_receive_char_special
    // and eraser): the c_iflag conversions, flow control (^S, ^Q), signal characters (^C, ^\,
    // ^Z), and in canonical mode the editing of the line (erase, kill, word erase, reprint,
    // literal next) until a delimiter (newline, EOL, EOL2, ^D) completes it; then echo.
    public sealed class LineDiscipline
    {
        private readonly Terminal _terminal;
        private bool _literalNext;      // ^V came: the next byte is taken as it is
        private bool _erasing;          // ECHOPRT: inside a "\...\" erase echo

        public LineDiscipline(Terminal terminal) => _terminal = terminal;

        private ref LinuxTermios Settings => ref _terminal.Settings;
        private InputQueue Input => _terminal.Input;
        private TerminalOutput Output => _terminal.Output;

        public void Reset()
        {
            _literalNext = false;
            _erasing = false;
        }

        // A byte the UART received.
        public void Receive(byte c)
        {
            ref LinuxTermios t = ref Settings;
            if ((t.InputFlags & TermiosInput.ISTRIP) != 0) c &= 0x7F;
            if ((t.InputFlags & TermiosInput.IUCLC) != 0 && (t.LocalFlags & TermiosLocal.IEXTEN) != 0 && c >= 'A' && c <= 'Z')
                c = (byte)(c - 'A' + 'a');
            if (_literalNext)
            {
                _literalNext = false;
                Store(c);
                return;
            }
            if (Special(ref c)) return;
            Store(c);
        }

        // A break condition on the line (the UART's BI): IGNBRK drops it, BRKINT interrupts,
        // otherwise it reads as a NUL (PARMRK: \377 \0 \0).
        public void ReceiveBreak()
        {
            ref LinuxTermios t = ref Settings;
            if ((t.InputFlags & TermiosInput.IGNBRK) != 0) return;
            if ((t.InputFlags & TermiosInput.BRKINT) != 0)
            {
                Interrupt(Signals.SIGINT, 0);
                return;
            }
            if ((t.InputFlags & TermiosInput.PARMRK) != 0) { Input.Put(0xFF, Raw); Input.Put(0, Raw); }
            Input.Put(0, Raw);
        }

        // A byte received with a parity or framing error: IGNPAR drops it, PARMRK marks it
        // (\377 \0 byte), otherwise it reads as a NUL.
        public void ReceiveError(byte c)
        {
            ref LinuxTermios t = ref Settings;
            if ((t.InputFlags & TermiosInput.IGNPAR) != 0) return;
            if ((t.InputFlags & TermiosInput.PARMRK) != 0) { Input.Put(0xFF, Raw); Input.Put(0, Raw); Input.Put(c, Raw); }
            else Input.Put(0, Raw);
        }

        private bool Canonical => (Settings.LocalFlags & TermiosLocal.ICANON) != 0;
        private bool Raw => !Canonical;
        private bool Echoing => (Settings.LocalFlags & TermiosLocal.ECHO) != 0;
        private bool Extended => (Settings.LocalFlags & TermiosLocal.IEXTEN) != 0;

        private bool Is(byte c, int index)
        {
            byte special = Settings.ControlChars[index];
            return special != ControlChar.Disabled && c == special;
        }

        // The characters with a meaning of their own; true when c was taken, else c (perhaps
        // converted: ICRNL, INLCR) is an ordinary byte to store.
        private bool Special(ref byte c)
        {
            ref LinuxTermios t = ref Settings;
            if ((t.InputFlags & TermiosInput.IXON) != 0)
            {
                if (Is(c, ControlChar.VSTART)) { _terminal.StartOutput(); return true; }
                if (Is(c, ControlChar.VSTOP)) { _terminal.StopOutput(); return true; }
            }
            if ((t.LocalFlags & TermiosLocal.ISIG) != 0)
            {
                if (Is(c, ControlChar.VINTR)) { Interrupt(Signals.SIGINT, c); return true; }
                if (Is(c, ControlChar.VQUIT)) { Interrupt(Signals.SIGQUIT, c); return true; }
                if (Is(c, ControlChar.VSUSP)) { Interrupt(Signals.SIGTSTP, c); return true; }
            }
            if ((t.InputFlags & TermiosInput.IXANY) != 0 && (t.InputFlags & TermiosInput.IXON) != 0) _terminal.StartOutput();
            if (c == '\r')
            {
                if ((t.InputFlags & TermiosInput.IGNCR) != 0) return true;
                if ((t.InputFlags & TermiosInput.ICRNL) != 0) c = (byte)'\n';
            }
            else if (c == '\n' && (t.InputFlags & TermiosInput.INLCR) != 0) c = (byte)'\r';
            if (!Canonical) return false;
            if (Is(c, ControlChar.VERASE)) { Erase(c, EraseKind.Character); return true; }
            if (Is(c, ControlChar.VKILL)) { Erase(c, EraseKind.Line); return true; }
            if (Extended && Is(c, ControlChar.VWERASE)) { Erase(c, EraseKind.Word); return true; }
            if (Extended && Is(c, ControlChar.VLNEXT))
            {
                _literalNext = true;
                if (Echoing)
                {
                    FinishErasing();
                    if ((t.LocalFlags & TermiosLocal.ECHOCTL) != 0) { Output.EchoRaw((byte)'^', t); Output.EchoRaw((byte)'\b', t); }
                }
                return true;
            }
            if (Extended && Echoing && Is(c, ControlChar.VREPRINT))
            {
                FinishErasing();
                Output.Echo(c, t);
                Output.EchoRaw((byte)'\n', t);
                for (long p = Input.CanonHead; p < Input.Head; p++) Output.Echo(Input[p], t);
                return true;
            }
            if (c == '\n')
            {
                if (Echoing || (t.LocalFlags & TermiosLocal.ECHONL) != 0) Output.EchoRaw(c, t);
                Input.PutDelimiter(c, endOfFile: false);
                return true;
            }
            if (Is(c, ControlChar.VEOF))
            {
                Input.PutDelimiter(0, endOfFile: true);     // n_tty's __DISABLED_CHAR, never read
                return true;
            }
            if (Is(c, ControlChar.VEOL) || Extended && Is(c, ControlChar.VEOL2))
            {
                if (Echoing)
                {
                    if (Input.EditedLength == 0) Output.MarkCanonColumn();
                    Output.Echo(c, t);
                }
                Input.PutDelimiter(c, endOfFile: false);
                return true;
            }
            return false;
        }

        // An ordinary byte: echoed and queued. A line already as long as the buffer allows
        // takes no more but its delimiter (which keeps the last place).
        private void Store(byte c)
        {
            ref LinuxTermios t = ref Settings;
            if (Canonical && Input.Count >= InputQueue.Size - 1) return;
            if (Raw && Input.Free == 0) return;
            if (Echoing)
            {
                FinishErasing();
                if (c == '\n') Output.EchoRaw(c, t);
                else
                {
                    if (Input.EditedLength == 0) Output.MarkCanonColumn();
                    Output.Echo(c, t);
                }
            }
            if (c == 0xFF && (t.InputFlags & TermiosInput.PARMRK) != 0) Input.Put(c, Raw);
            Input.Put(c, Raw);
        }

        // ^C, ^\ or ^Z (isig): the foreground group is signalled; unless NOFLSH, what was typed
        // and what waits to be sent are thrown away; then the character's echo.
        private void Interrupt(int signal, byte c)
        {
            ref LinuxTermios t = ref Settings;
            _terminal.Signals.Raise(_terminal.Jobs.ForegroundGroup, signal);
            if ((t.LocalFlags & TermiosLocal.NOFLSH) == 0)
            {
                _terminal.OutputQueue.Clear();
                Input.Clear();
                Reset();
            }
            if ((t.InputFlags & TermiosInput.IXON) != 0) _terminal.StartOutput();
            if (Echoing && c != 0) Output.Echo(c, t);
        }

        // Erase (VERASE, ^? by default: one character; ^H is an ordinary character, as on
        // Linux, unless stty makes it VERASE), word erase (^W) and kill (^U: the line), with
        // their echo (n_tty's eraser): ECHOE backs over characters with "\b \b", ECHOKE kills the
        // line the same way, ECHOPRT prints what is erased between '\' and '/'.
        private enum EraseKind { Character, Word, Line }

        private void Erase(byte c, EraseKind kind)
        {
            ref LinuxTermios t = ref Settings;
            if (Input.EditedLength == 0) return;
            uint l = t.LocalFlags;
            if (kind == EraseKind.Line)
            {
                if ((l & TermiosLocal.ECHO) == 0) { DropEditedLine(); return; }
                if ((l & TermiosLocal.ECHOK) == 0 || (l & TermiosLocal.ECHOKE) == 0 || (l & TermiosLocal.ECHOE) == 0)
                {
                    DropEditedLine();
                    FinishErasing();
                    Output.Echo(c, t);
                    if ((l & TermiosLocal.ECHOK) != 0) Output.EchoRaw((byte)'\n', t);
                    return;
                }
            }
            int seenAlphanumerics = 0;
            while (Input.EditedLength > 0)
            {
                // One character, all of its UTF-8 bytes, never a part of one.
                long start = Input.Head;
                byte first;
                do first = Input[--start]; while (TerminalOutput.IsContinuation(first, t) && start > Input.CanonHead);
                if (TerminalOutput.IsContinuation(first, t)) break;
                if (kind == EraseKind.Word)
                {
                    if (IsAlphanumeric(first)) seenAlphanumerics++;
                    else if (seenAlphanumerics > 0) break;
                }
                int count = (int)(Input.Head - start);
                for (int i = 0; i < count; i++) Input.Unput(out _);
                if ((l & TermiosLocal.ECHO) != 0) EchoErased(c, kind, first, start, count);
                if (kind == EraseKind.Character) break;
            }
            if (Input.EditedLength == 0 && (l & TermiosLocal.ECHO) != 0) FinishErasing();
        }

        private void EchoErased(byte eraseChar, EraseKind kind, byte erased, long start, int count)
        {
            ref LinuxTermios t = ref Settings;
            uint l = t.LocalFlags;
            if ((l & TermiosLocal.ECHOPRT) != 0)
            {
                if (!_erasing) { Output.EchoRaw((byte)'\\', t); _erasing = true; }
                Output.Echo(erased, t);
                for (int i = 1; i < count; i++) { Output.EchoRaw(Input[start + i], t); Output.MoveBack(); }
            }
            else if (kind == EraseKind.Character && (l & TermiosLocal.ECHOE) == 0)
                Output.Echo(eraseChar, t);
            else if (erased == '\t')
            {
                // How many columns the line used since it began, or since the tab before this one.
                int columns = 0;
                bool afterTab = false;
                for (long p = Input.Head; p > Input.CanonHead;)
                {
                    byte b = Input[--p];
                    if (b == '\t') { afterTab = true; break; }
                    if (TerminalOutput.IsControl(b)) { if ((l & TermiosLocal.ECHOCTL) != 0) columns += 2; }
                    else if (!TerminalOutput.IsContinuation(b, t)) columns++;
                }
                Output.EraseTab(columns, afterTab, t);
            }
            else
            {
                bool control = TerminalOutput.IsControl(erased);
                if (control && (l & TermiosLocal.ECHOCTL) != 0) BackOverOne();
                if (!control || (l & TermiosLocal.ECHOCTL) != 0) BackOverOne();
            }
        }

        private void BackOverOne()
        {
            ref LinuxTermios t = ref Settings;
            Output.EchoRaw((byte)'\b', t);
            Output.EchoRaw((byte)' ', t);
            Output.EchoRaw((byte)'\b', t);
        }

        private void DropEditedLine()
        {
            while (Input.Unput(out _)) { }
        }

        private void FinishErasing()
        {
            if (!_erasing) return;
            Output.EchoRaw((byte)'/', Settings);
            _erasing = false;
        }

        private static bool IsAlphanumeric(byte c) => c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }
}
