using System;
using Lunix.Abi.Linux;

namespace Lunix.Drivers.Tty
{
    // The virtual consoles /dev/tty1../dev/tty4 (Linux's VTs): each a Terminal (its own line
    // discipline, session and input) whose output an emulator draws on its own screen, kept
    // whole while another console is shown. The keyboard types into the one shown; Alt-Fn
    // shows another (the display then redraws it all). No I/O: the driver moves the shown
    // screen to the display; the hosted tests look at the screens.
    public sealed class VirtualConsoles
    {
        public const int Count = 4;

        private readonly Terminal[] _terminals = new Terminal[Count];
        private readonly ConsoleEmulator[] _emulators = new ConsoleEmulator[Count];

        public int Active { get; private set; }

        public VirtualConsoles(int columns, int rows)
        {
            for (int i = 0; i < Count; i++)
            {
                _terminals[i] = new Terminal();
                _terminals[i].WindowSize = new LinuxWindowSize { Rows = (ushort)rows, Columns = (ushort)columns };
                _emulators[i] = new ConsoleEmulator(new ConsoleScreen(columns, rows));
            }
        }

        public Terminal Terminal(int index) => _terminals[index];
        public ConsoleScreen Screen(int index) => _emulators[index].Screen;
        public ConsoleScreen ActiveScreen => _emulators[Active].Screen;

        // Alt-Fn: shows console `index`; false when there is no such console or it is shown.
        public bool Switch(int index)
        {
            if (index < 0 || index >= Count || index == Active) return false;
            Active = index;
            _emulators[index].Screen.MarkAllDirty();
            return true;
        }

        // The screen's new size in characters (its mode changed): every console's screen
        // resized and its terminal's window size set, which is SIGWINCH for its foreground group,
        // as Linux's vc_resize does for each console.
        public void Resize(int columns, int rows)
        {
            for (int i = 0; i < Count; i++)
            {
                _emulators[i].Screen.Resize(columns, rows);
                LinuxWindowSize size = _terminals[i].WindowSize;
                size.Columns = (ushort)columns;
                size.Rows = (ushort)rows;
                _terminals[i].SetWindowSize(in size);
            }
        }

        // A freed console (VT_DISALLOCATE): its screen blank and its emulator as at start, as a
        // newly allocated console starts.
        public void Clear(int index) => _emulators[index].Reset();

        // What the keyboard gave, as input to the console shown.
        public void Type(ReadOnlySpan<byte> bytes)
        {
            foreach (byte b in bytes) _terminals[Active].Receive(b);
        }

        // Every console's output onto its screen (a screen takes bytes as fast as they come),
        // and the answers its emulator owes back as input; true when anything moved.
        public bool Drain()
        {
            Span<byte> chunk = stackalloc byte[256];
            bool moved = false;
            for (int i = 0; i < Count; i++)
            {
                for (int taken = _terminals[i].TakeOutput(chunk); taken > 0; taken = _terminals[i].TakeOutput(chunk))
                {
                    _emulators[i].Write(chunk.Slice(0, taken));
                    moved = true;
                }
                ReadOnlySpan<byte> answer = _emulators[i].Answer;
                if (answer.Length == 0) continue;
                foreach (byte b in answer) _terminals[i].Receive(b);
                _emulators[i].TakeAnswer();
                moved = true;
            }
            return moved;
        }
    }
}
