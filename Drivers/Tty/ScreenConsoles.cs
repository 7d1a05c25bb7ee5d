using System;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Fonts;
using Lunix.SystemLibrary;

namespace Lunix.Drivers.Tty
{
    // The screen's virtual consoles on this machine: the boot framebuffer the kernel describes
    // (VGA text, or 32-bit RGB drawn with the "font" boot module), mapped into the driver, taken
    // from the kernel (which then stops drawing its log there, DIAGCTL TakeScreen), and the PS/2
    // keyboard typing into the console shown; a 32-bit framebuffer is /dev/fb0 as well
    // (FramebufferDevice). Without a screen there are no virtual consoles
    // (their minors answer ENXIO) and the serial terminal works alone; without a keyboard the
    // consoles still show their output.
    internal sealed unsafe class ScreenConsoles
    {
        private const int FontBytes = 64 * 1024;
        private readonly KeyboardController _keyboard = new KeyboardController();
        private readonly KeyboardDecoder _decoder = new KeyboardDecoder();
        private ConsoleDisplay _display;
        private FramebufferDisplay _pixelDisplay;   // _display when the screen is a framebuffer
        private byte[] _font;                       // the font module; Pf2Font keeps a pointer into it (nothing moves objects)
        private bool _keyboardUp;
        // KDSETMODE KD_GRAPHICS: a program draws on the framebuffer while this console is shown,
        // so its screen is kept (its output still lands in its cells) but not drawn, as Linux's
        // console does, until KD_TEXT, which draws it whole again.
        private readonly bool[] _graphics = new bool[VirtualConsoles.Count];

        public VirtualConsoles Consoles { get; private set; }

        // /dev/fb0: the framebuffer's pixels for programs, when the screen is one (32-bit RGB).
        public FramebufferDevice Framebuffer { get; private set; }

        public void Start(ulong ticksPerTenth)
        {
            Span<char> line = stackalloc char[96];
            long opened = OpenDisplay();
            if (opened != 0)
            {
                new ConsoleLine(line).Append("tty: no screen consoles, error ").Append((ulong)-opened).Print();
                return;
            }
            long taken = Syscalls.KernelCall(KernelCalls.DiagCtl, 0, 0, DiagCtlFlags.TakeScreen);
            if (taken != 0)
            {
                new ConsoleLine(line).Append("tty: the kernel keeps the screen, error ").Append((ulong)-taken).Print();
                return;
            }
            if (Framebuffer != null) TellKernelTheMode();
            Consoles = new VirtualConsoles(_display.Columns, _display.Rows);
            for (int i = 0; i < VirtualConsoles.Count; i++) Consoles.Terminal(i).TicksPerTenth = ticksPerTenth;
            Consoles.ActiveScreen.MarkAllDirty();
            Show();
            long keyboard = _keyboard.Start();
            _keyboardUp = keyboard == 0;
            if (!_keyboardUp) new ConsoleLine(line).Append("tty: no PS/2 keyboard, error ").Append((ulong)-keyboard).Print();
        }

        // The display the firmware left: VGA text (uncached) or a 32-bit framebuffer
        // (write-combining) with the font. 0 or a negated errno.
        private long OpenDisplay()
        {
            long found = Kernel.Framebuffer(out FramebufferInfo info);
            if (found != 0) return found;
            if (info.Format == FramebufferFormat.None) return -(long)Errno.ENOENT;
            if (info.Format == FramebufferFormat.Text)
            {
                long mapped = VirtualMemory.MapPhysical(info.Physical, info.Bytes, PhysicalCaching.Uncached, out ulong cells);
                if (mapped != 0) return mapped;
                _display = new VgaTextDisplay((ushort*)cells, (int)info.Width, (int)info.Height);
                return 0;
            }
            if (info.BitsPerPixel != 32) return -(long)Errno.EINVAL;
            _font = new byte[FontBytes];
            long fontLength = Kernel.BootModule(ServiceLabel.From("font"), _font);
            if (fontLength < 0) return fontLength;
            Pf2Font font;
            fixed (byte* file = _font)
                if (!Pf2Font.TryParse(file, (int)fontLength, out font, out _)) return -(long)Errno.EINVAL;
            // The mode the adapter shows now where the driver can program it (a restarted driver
            // finds the last mode set), else the firmware's as the only one.
            FramebufferScreen screen = FramebufferScreen.Fixed(in info);
            long programmable = BochsDisplay.Open(info.Physical, out BochsDisplay adapter, out FramebufferMode mode);
            if (programmable == 0)
            {
                screen.Mode = mode;
                screen.Limits = adapter.Limits;
            }
            Describe(in screen, programmable);
            long mappedPixels = VirtualMemory.MapPhysical(info.Physical, screen.MemoryBytes, PhysicalCaching.WriteCombining, out ulong pixels);
            if (mappedPixels != 0) return mappedPixels;
            Framebuffer = new FramebufferDevice((byte*)pixels, in screen, adapter);
            var layout = new PixelLayout(info.RedPosition, info.RedSize, info.GreenPosition, info.GreenSize, info.BluePosition, info.BlueSize);
            _pixelDisplay = new FramebufferDisplay(Framebuffer.Visible, (int)screen.Mode.Width, (int)screen.Mode.Height, (int)screen.Mode.Pitch, font, in layout);
            _display = _pixelDisplay;
            PublishMemory(in screen);
            return 0;
        }

        // The start line's word on the framebuffer: its mode, and whether programs can change it.
        private static void Describe(in FramebufferScreen screen, long programmable)
        {
            Span<char> text = stackalloc char[128];
            var line = new ConsoleLine(text).Append("tty: framebuffer ").Append(screen.Mode.Width).Append("x").Append(screen.Mode.Height);
            if (programmable == 0) line.Append(", modes up to ").Append(screen.Limits.MaxWidth).Append("x").Append(screen.Limits.MaxHeight).Append(" (Bochs DISPI)").Print();
            else line.Append(", the firmware's mode only (no Bochs DISPI adapter: error ").Append((ulong)-programmable).Append(")").Print();
        }

        // The mode shown, for the kernel to draw in when it takes the screen back (a crash report,
        // this driver's end): DIAGCTL ScreenMode. A layout the kernel cannot draw in (EINVAL: a
        // visible part beyond the boot mode's memory) leaves it the last one it could; any other
        // error is a driver that does not hold the screen, and is reported.
        private void TellKernelTheMode()
        {
            ref readonly FramebufferMode mode = ref Framebuffer.Screen.Mode;
            if (mode.Origin > uint.MaxValue) return;
            long told = Syscalls.KernelCall(KernelCalls.DiagCtl, (long)((ulong)mode.Width << 32 | mode.Height), (long)((ulong)mode.Pitch << 32 | mode.Origin),
                                            DiagCtlFlags.ScreenMode);
            if (told == 0 || told == -(long)Errno.EINVAL) return;
            Span<char> line = stackalloc char[80];
            new ConsoleLine(line).Append("tty: the kernel keeps its screen mode, error ").Append((ulong)-told).Print();
        }

        // Where /dev/fb0's memory is, for VFS to answer mmap with (Servers/Vfs/Framebuffers.cs).
        private static void PublishMemory(in FramebufferScreen screen)
        {
            Span<byte> bytes = stackalloc byte[FramebufferMemory.Size];
            MemoryMarshal.Write(bytes, new FramebufferMemory { Physical = screen.Boot.Physical, Bytes = screen.MemoryBytes });
            int published = DataStore.PublishMemory(FramebufferMemory.Key, bytes, DsFlags.Overwrite);
            if (published != 0)
            {
                Span<char> line = stackalloc char[64];
                new ConsoleLine(line).Append("tty: fb0 not published, error ").Append((ulong)-published).Print();
            }
        }

        // An fbdev ioctl on /dev/fb0; where it changed the mode or panned, the consoles are fitted
        // to the visible part and the one shown is drawn whole.
        public long FramebufferIoctl(uint command, Span<byte> argument, ulong value)
        {
            long result = Framebuffer.Ioctl(command, argument, value, out bool moved);
            if (!moved) return result;
            ref readonly FramebufferMode mode = ref Framebuffer.Screen.Mode;
            _pixelDisplay.Reshape(Framebuffer.Visible, (int)mode.Width, (int)mode.Height, (int)mode.Pitch);
            if (Consoles == null) return result;
            TellKernelTheMode();
            Consoles.Resize(_pixelDisplay.Columns, _pixelDisplay.Rows);
            Consoles.ActiveScreen.MarkAllDirty();
            Show();
            return result;
        }

        // What the keyboard sent: bytes for the console shown, or a switch (Alt-Fn).
        public void Service()
        {
            if (!_keyboardUp) return;
            Span<byte> bytes = stackalloc byte[KeyboardDecoder.MaxBytes];
            while (_keyboard.TryRead(out byte scancode))
            {
                int count = _decoder.Decode(scancode, bytes, out int switchTo);
                if (switchTo >= 0) Consoles.Switch(switchTo);
                else Consoles.Type(bytes.Slice(0, count));
            }
        }

        public void EnableLine()
        {
            if (_keyboardUp) _keyboard.EnableLine();
        }

        // A key that came while the line was masked (KeyboardController.ByteWaiting).
        public bool KeyWaiting => _keyboardUp && _keyboard.ByteWaiting;

        // Every console's output onto its screen; true when anything moved.
        public bool Drain() => Consoles != null && Consoles.Drain();

        public void Show()
        {
            if (Consoles != null && !_graphics[Consoles.Active]) _display.Show(Consoles.ActiveScreen);
        }

        // KDSETMODE on a virtual console (Linux's vt_ioctl): KD_TEXT (and its old spellings
        // KD_TEXT0, KD_TEXT1) or KD_GRAPHICS; EINVAL for another mode, ENOTTY for a terminal that
        // is not a virtual console (the serial one).
        public long SetMode(Terminal terminal, ulong mode)
        {
            int index = IndexOf(terminal);
            if (index < 0) return -(long)LinuxErrno.ENOTTY;
            const ulong Text0 = 2, Text1 = 3;
            if (mode != LinuxIoctls.KD_TEXT && mode != LinuxIoctls.KD_GRAPHICS && mode != Text0 && mode != Text1)
                return -(long)LinuxErrno.EINVAL;
            bool graphics = mode == LinuxIoctls.KD_GRAPHICS;
            if (_graphics[index] == graphics) return 0;
            _graphics[index] = graphics;
            if (!graphics) Consoles.Screen(index).MarkAllDirty();
            Show();
            return 0;
        }

        // KDGETMODE: KD_TEXT or KD_GRAPHICS; -1 for a terminal that is not a virtual console.
        public int Mode(Terminal terminal)
        {
            int index = IndexOf(terminal);
            return index < 0 ? -1 : _graphics[index] ? LinuxIoctls.KD_GRAPHICS : LinuxIoctls.KD_TEXT;
        }

        private int IndexOf(Terminal terminal)
        {
            for (int i = 0; Consoles != null && i < VirtualConsoles.Count; i++)
                if (Consoles.Terminal(i) == terminal) return i;
            return -1;
        }
    }
}
