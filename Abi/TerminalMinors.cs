namespace Lunix.Abi
{
    // The terminal driver's minor devices (Drivers/Tty), as VFS's device files name them: Linux's
    // minors, which do not overlap across the two majors VFS sends here (5 for /dev/tty and
    // /dev/console, 4 for /dev/ttyS*). There is one terminal, the serial console; the minor says
    // how a process reached it.
    public static class TerminalMinors
    {
        public const int Controlling = 0;   // /dev/tty (5,0): the caller's controlling terminal, ENXIO when it has none
        public const int Console = 1;       // /dev/console (5,1): never becomes a controlling terminal on open
        public const int Serial = 64;       // /dev/ttyS0 (4,64); ttyS1 and on (65..) are not there: ENXIO

        public static bool Known(int minor) => minor == Controlling || minor == Console || minor == Serial;
    }
}
