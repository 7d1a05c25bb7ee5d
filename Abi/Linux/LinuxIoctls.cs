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

        // The virtual consoles' requests (linux/kd.h, linux/vt.h), on /dev/tty0../dev/ttyN only.
        public const uint KDGKBTYPE = 0x4B33;       // char out: the keyboard's type (KB_101)
        public const uint KDSETMODE = 0x4B3A;       // value: KD_TEXT or KD_GRAPHICS (a program draws on /dev/fb0)
        public const uint KDGETMODE = 0x4B3B;       // int out
        public const int KD_TEXT = 0, KD_GRAPHICS = 1;
        public const uint VT_OPENQRY = 0x5600;      // int out: the first console no one has open, or -1
        public const uint VT_GETMODE = 0x5601;      // struct vt_mode out (LinuxVtMode)
        public const uint VT_SETMODE = 0x5602;      // struct vt_mode in
        public const uint VT_GETSTATE = 0x5603;     // struct vt_stat out (LinuxVtState)
        public const uint VT_ACTIVATE = 0x5606;     // value: the console to show (1..)
        public const uint VT_WAITACTIVE = 0x5607;   // value: waits until that console is shown
        public const uint VT_DISALLOCATE = 0x5608;  // value: frees a console no one has open (0: all such)

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
                case KDGKBTYPE: return 1;
                case VT_OPENQRY: return sizeof(int);
                case VT_GETMODE: return LinuxVtMode.Size;
                case VT_SETMODE: input = true; return LinuxVtMode.Size;
                case VT_GETSTATE: return LinuxVtState.Size;
                case VT_ACTIVATE: case VT_WAITACTIVE: case VT_DISALLOCATE: return 0;
                case KDSETMODE: return 0;
                case KDGETMODE: return sizeof(int);
                default: return -1;
            }
        }
    }
}
