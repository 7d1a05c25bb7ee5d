using System;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Drivers.Tty
{
    // One terminal: its settings (termios), window size, input and output, line discipline and
    // job control, as a state machine with no I/O of its own. The driver feeds it what the UART
    // received, takes what it has to send, asks it to serve reads, writes and ioctls, and sends
    // the signals it raises; the hosted tests drive the same code directly.
    public sealed partial class Terminal
    {
        public LinuxTermios Settings = LinuxTermios.Default();
        public LinuxWindowSize WindowSize;

        public readonly InputQueue Input = new InputQueue();
        public readonly OutputQueue OutputQueue = new OutputQueue();
        public readonly TerminalOutput Output;
        public readonly SignalQueue Signals = new SignalQueue();
        public readonly JobControl Jobs;
        public readonly LineDiscipline Discipline;

        // Clock ticks per tenth of a second (VTIME's unit); the driver sets it from the tick rate.
        public ulong TicksPerTenth = 10;

        private bool _stopped;          // ^S, or TCOOFF
        private bool _stoppedByProgram; // TCOOFF: only TCOON starts it again
        private byte _flowCharacter;    // TCIOFF, TCION: STOP or START to send ahead of everything (x_char)

        public Terminal()
        {
            Output = new TerminalOutput(OutputQueue);
            Jobs = new JobControl(Signals);
            Discipline = new LineDiscipline(this);
        }

        public bool Canonical => (Settings.LocalFlags & TermiosLocal.ICANON) != 0;
        public bool OutputStopped => _stopped;

        public void Receive(byte c) => Discipline.Receive(c);

        private int _opens;

        // What ties the terminal to its users (TerminalTies), to keep across a restart.
        public TerminalTies Ties => new TerminalTies { Session = Jobs.Session, ForegroundGroup = Jobs.ForegroundGroup, Opens = _opens };

        // Open by anyone (VT_GETSTATE's and VT_OPENQRY's "in use").
        public bool InUse => _opens > 0;

        // A restarted driver's terminal takes up the ties its previous instance had.
        public void Restore(in TerminalTies ties)
        {
            Jobs.Restore(ties.Session, ties.ForegroundGroup);
            _opens = ties.Opens;
        }

        // An open of one of the terminal's minors (TerminalMinors): /dev/tty only for a process
        // whose controlling terminal it is; a session leader's open may make it that.
        public long Open(in CharDriverCaller caller, int minor, bool noControllingTerminal)
        {
            if (!TerminalMinors.Known(minor)) return -(long)LinuxErrno.ENXIO;
            if (minor == TerminalMinors.Controlling && !Jobs.IsControllingTerminalOf(caller)) return -(long)LinuxErrno.ENXIO;
            Jobs.Opened(caller, minor, noControllingTerminal);
            _opens++;
            return 0;
        }

        // The last close ends the terminal's session and throws away unread input (release_tty);
        // what waits to be sent still goes out.
        public long Close()
        {
            if (_opens > 0 && --_opens == 0)
            {
                Jobs.LastClosed();
                FlushInput();
            }
            return 0;
        }

        // ^S (stop_tty) and ^Q (start_tty): a stop by TCOOFF is not lifted by ^Q.
        public void StopOutput() => _stopped = true;

        public void StartOutput()
        {
            if (!_stoppedByProgram) _stopped = false;
        }

        // New settings (tty_set_termios and n_tty_set_termios): a change of ICANON makes what
        // was typed raw bytes, or one line; turning IXON off lets stopped output go.
        public void ApplySettings(in LinuxTermios settings)
        {
            LinuxTermios old = Settings;
            Settings = settings;
            if (((old.LocalFlags ^ settings.LocalFlags) & TermiosLocal.ICANON) != 0)
            {
                if (Canonical) Input.MakeOneLine();
                else Input.CommitAll();
                Discipline.Reset();
            }
            if ((old.InputFlags & TermiosInput.IXON) != 0 && (settings.InputFlags & TermiosInput.IXON) == 0 && !_stoppedByProgram)
                _stopped = false;
        }

        // TIOCSWINSZ: a new size is news for the foreground group (SIGWINCH).
        public void SetWindowSize(in LinuxWindowSize size)
        {
            if (size.Rows == WindowSize.Rows && size.Columns == WindowSize.Columns && size.XPixels == WindowSize.XPixels
                && size.YPixels == WindowSize.YPixels) return;
            WindowSize = size;
            Signals.Raise(Jobs.ForegroundGroup, Abi.Signals.SIGWINCH);
        }

        public void FlushInput()
        {
            Input.Clear();
            Discipline.Reset();
        }

        public void FlushOutput() => OutputQueue.Clear();

        // FIONREAD: in canonical mode the bytes of complete lines a read would return (^D's marks
        // left out), in raw mode every byte.
        public int ReadableBytes()
        {
            if (!Canonical) return Input.Count;
            int count = 0;
            for (long p = Input.Tail; p < Input.CanonHead; p++)
                if (!Input.IsEndOfFileMark(p)) count++;
            return count;
        }

        // Whether a read would get something now (n_tty_poll's input_available_p(tty, 1)): a
        // complete line, or in raw mode MIN bytes (with no TIME) or one.
        public bool ReadReady()
        {
            if (Canonical) return Input.HasCompleteLine;
            int min = Settings.ControlChars[ControlChar.VMIN];
            int needed = Settings.ControlChars[ControlChar.VTIME] == 0 && min > 0 ? min : 1;
            return Input.Count >= needed;
        }

        // Whether a write would queue something now (n_tty_poll: fewer than WAKEUP_CHARS queued).
        public bool WriteReady() => OutputQueue.Count < 256;

        // What the UART is to send next: up to into.Length bytes; while output is stopped only a
        // flow-control character.
        public int TakeOutput(Span<byte> into)
        {
            if (into.Length == 0) return 0;
            int count = 0;
            if (_flowCharacter != 0)
            {
                into[count++] = _flowCharacter;
                _flowCharacter = 0;
            }
            return _stopped ? count : count + OutputQueue.Take(into.Slice(count));
        }

        // Whether anything waits to be sent (the driver's drain waits for this and the UART).
        public bool OutputPending => _flowCharacter != 0 || !OutputQueue.IsEmpty;
    }
}
