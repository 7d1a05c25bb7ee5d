namespace Lunix.Abi
{
    // The terminal driver's minor devices (Drivers/Tty), as VFS's device files name them: Linux's
    // minors, except that the virtual consoles /dev/tty0../dev/tty63 (4,0..63), whose Linux
    // minors overlap /dev/tty's and /dev/console's (5,0 and 5,1), reach the driver as
    // VirtualConsoles + n. The minor says which terminal, and how a process reached it.
    public static class TerminalMinors
    {
        public const int Controlling = 0;   // /dev/tty (5,0): the caller's controlling terminal, ENXIO when it has none
        public const int Console = 1;       // /dev/console (5,1): the serial console; never becomes a controlling terminal on open
        public const int Serial = 64;       // /dev/ttyS0 (4,64); ttyS1 and on (65..) are not there: ENXIO
        public const int VirtualConsoles = 128;     // /dev/tty0 (4,0, the console shown) as 128, /dev/tty1 as 129, ...
        public const int LinuxVirtualConsoles = 64; // Linux's tty0..tty63 on major 4
        // /dev/fb0 (29,0): the framebuffer the driver draws the consoles on, its pixels read,
        // written and mapped by programs (docs/consoles.md); not a terminal.
        public const int Framebuffer = 200;

        public static bool Known(int minor) =>
            minor == Controlling || minor == Console || minor == Serial || minor >= VirtualConsoles && minor < VirtualConsoles + LinuxVirtualConsoles;
    }
}
