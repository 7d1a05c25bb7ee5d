using System.Runtime.CompilerServices;

namespace Lunix.Abi.Linux
{
    // Linux's terminal settings as its ioctls move them (TCGETS, TCSETS, TCSETSW, TCSETSF): the
    // kernel's struct termios of asm-generic/termbits.h, 36 bytes. C libraries have a larger
    // struct of their own (musl's and glibc's add speeds and more control characters) and move
    // only these first 36 bytes through the ioctl.
    public struct LinuxTermios
    {
        public const int Size = 36;

        public uint InputFlags;             // c_iflag: TermiosInput
        public uint OutputFlags;            // c_oflag: TermiosOutput
        public uint ControlFlags;           // c_cflag: TermiosControl
        public uint LocalFlags;             // c_lflag: TermiosLocal
        public byte Line;                   // c_line: the line discipline, 0 (N_TTY)
        public LinuxControlChars ControlChars;  // c_cc, indexed by ControlChar

        // What a serial terminal starts with on Linux (tty_std_termios, as `stty -a` shows a
        // fresh ttyS0 at 115200 baud): canonical input with echo and signals, CR read as NL, NL
        // written as CR NL, the usual control characters.
        public static LinuxTermios Default()
        {
            LinuxTermios termios = default;
            termios.InputFlags = TermiosInput.ICRNL | TermiosInput.IXON;
            termios.OutputFlags = TermiosOutput.OPOST | TermiosOutput.ONLCR;
            termios.ControlFlags = TermiosControl.B115200 | TermiosControl.CS8 | TermiosControl.CREAD | TermiosControl.HUPCL;
            termios.LocalFlags = TermiosLocal.ISIG | TermiosLocal.ICANON | TermiosLocal.ECHO | TermiosLocal.ECHOE
                                 | TermiosLocal.ECHOK | TermiosLocal.ECHOCTL | TermiosLocal.ECHOKE | TermiosLocal.IEXTEN;
            termios.ControlChars[ControlChar.VINTR] = 0x03;      // ^C
            termios.ControlChars[ControlChar.VQUIT] = 0x1C;      // ^\
            termios.ControlChars[ControlChar.VERASE] = 0x7F;     // ^?
            termios.ControlChars[ControlChar.VKILL] = 0x15;      // ^U
            termios.ControlChars[ControlChar.VEOF] = 0x04;       // ^D
            termios.ControlChars[ControlChar.VTIME] = 0;
            termios.ControlChars[ControlChar.VMIN] = 1;
            termios.ControlChars[ControlChar.VSTART] = 0x11;     // ^Q
            termios.ControlChars[ControlChar.VSTOP] = 0x13;      // ^S
            termios.ControlChars[ControlChar.VSUSP] = 0x1A;      // ^Z
            termios.ControlChars[ControlChar.VREPRINT] = 0x12;   // ^R
            termios.ControlChars[ControlChar.VDISCARD] = 0x0F;   // ^O
            termios.ControlChars[ControlChar.VWERASE] = 0x17;    // ^W
            termios.ControlChars[ControlChar.VLNEXT] = 0x16;     // ^V
            return termios;
        }
    }

    // c_cc: NCCS = 19 control characters; a character of 0 (_POSIX_VDISABLE) is no character.
    [InlineArray(Count)]
    public struct LinuxControlChars
    {
        public const int Count = 19;
        private byte _first;
    }

    // Indexes into c_cc.
    public static class ControlChar
    {
        public const int VINTR = 0, VQUIT = 1, VERASE = 2, VKILL = 3, VEOF = 4, VTIME = 5, VMIN = 6, VSWTC = 7,
                         VSTART = 8, VSTOP = 9, VSUSP = 10, VEOL = 11, VREPRINT = 12, VDISCARD = 13, VWERASE = 14,
                         VLNEXT = 15, VEOL2 = 16;
        public const byte Disabled = 0;     // _POSIX_VDISABLE
    }

    // c_iflag.
    public static class TermiosInput
    {
        public const uint IGNBRK = 0x1, BRKINT = 0x2, IGNPAR = 0x4, PARMRK = 0x8, INPCK = 0x10, ISTRIP = 0x20,
                          INLCR = 0x40, IGNCR = 0x80, ICRNL = 0x100, IUCLC = 0x200, IXON = 0x400, IXANY = 0x800,
                          IXOFF = 0x1000, IMAXBEL = 0x2000, IUTF8 = 0x4000;
    }

    // c_oflag.
    public static class TermiosOutput
    {
        public const uint OPOST = 0x1, OLCUC = 0x2, ONLCR = 0x4, OCRNL = 0x8, ONOCR = 0x10, ONLRET = 0x20,
                          OFILL = 0x40, OFDEL = 0x80, TABDLY = 0x1800, XTABS = 0x1800;     // TAB3: tabs as spaces
    }

    // c_cflag.
    public static class TermiosControl
    {
        public const uint CBAUD = 0x100F, B9600 = 0xD, B38400 = 0xF, B115200 = 0x1002, CSIZE = 0x30, CS8 = 0x30,
                          CSTOPB = 0x40, CREAD = 0x80, PARENB = 0x100, PARODD = 0x200, HUPCL = 0x400, CLOCAL = 0x800;
    }

    // c_lflag.
    public static class TermiosLocal
    {
        public const uint ISIG = 0x1, ICANON = 0x2, XCASE = 0x4, ECHO = 0x8, ECHOE = 0x10, ECHOK = 0x20,
                          ECHONL = 0x40, NOFLSH = 0x80, TOSTOP = 0x100, ECHOCTL = 0x200, ECHOPRT = 0x400,
                          ECHOKE = 0x800, FLUSHO = 0x1000, PENDIN = 0x4000, IEXTEN = 0x8000, EXTPROC = 0x10000;
    }

    // struct winsize (TIOCGWINSZ, TIOCSWINSZ): 8 bytes.
    public struct LinuxWindowSize
    {
        public const int Size = 8;
        public ushort Rows, Columns, XPixels, YPixels;
    }
}
