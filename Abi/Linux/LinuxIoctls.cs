namespace Lunix.Abi.Linux
{
    // Linux's ioctl numbers for terminals (asm-generic/ioctls.h) and their arguments' values.
    public static class LinuxIoctls
    {
        public const uint TCGETS = 0x5401;      // struct termios out (LinuxTermios)
        public const uint TCSETS = 0x5402;      // struct termios in: now
        public const uint TCSETSW = 0x5403;     //   once the output is drained
        public const uint TCSETSF = 0x5404;     //   once drained, the input thrown away
        public const uint TCSBRK = 0x5409;      // value: 0 sends a break (0.25 s); else drains the output (tcdrain)
        public const uint TCXONC = 0x540A;      // value: TCOOFF, TCOON, TCIOFF, TCION
        public const uint TCFLSH = 0x540B;      // value: TCIFLUSH, TCOFLUSH, TCIOFLUSH
        public const uint TIOCSCTTY = 0x540E;   // value: 1 steals the terminal from another session
        public const uint TIOCGPGRP = 0x540F;   // int out: the foreground process group
        public const uint TIOCSPGRP = 0x5410;   // int in
        public const uint TIOCOUTQ = 0x5411;    // int out: bytes not yet sent
        public const uint TIOCGWINSZ = 0x5413;  // struct winsize out (LinuxWindowSize)
        public const uint TIOCSWINSZ = 0x5414;  // struct winsize in
        public const uint FIONREAD = 0x541B;    // int out: bytes a read would get now (TIOCINQ)
        public const uint TIOCNOTTY = 0x5422;   // give up the controlling terminal
        public const uint TIOCGSID = 0x5429;    // int out: the terminal's session

        public const int TCOOFF = 0, TCOON = 1, TCIOFF = 2, TCION = 3;
        public const int TCIFLUSH = 0, TCOFLUSH = 1, TCIOFLUSH = 2;

        // The bytes a request's argument points to, which VFS grants the driver (the numbers do
        // not encode it), and their direction: In (the driver reads them), Out (it writes them);
        // 0 for requests that take the argument itself as a value (or none); -1 for one a
        // terminal does not know (ENOTTY).
        public static int ArgumentBytes(uint request, out bool input)
        {
            input = false;
            switch (request)
            {
                case TCGETS: return LinuxTermios.Size;
                case TCSETS: case TCSETSW: case TCSETSF: input = true; return LinuxTermios.Size;
                case TIOCGWINSZ: return LinuxWindowSize.Size;
                case TIOCSWINSZ: input = true; return LinuxWindowSize.Size;
                case TIOCGPGRP: case TIOCOUTQ: case FIONREAD: case TIOCGSID: return sizeof(int);
                case TIOCSPGRP: input = true; return sizeof(int);
                case TCSBRK: case TCXONC: case TCFLSH: case TIOCSCTTY: case TIOCNOTTY: return 0;
                default: return -1;
            }
        }
    }
}
