namespace Lunix.Abi
{
    // The terminal driver's minor devices (Drivers/Tty), which VFS's device files name. There is
    // one terminal, the serial console; the minors say how a process reached it, as Linux's
    // device numbers do.
    public static class TerminalMinors
    {
        public const int Serial = 0;        // /dev/ttyS0 (Linux 4,64)
        public const int Console = 1;       // /dev/console (5,1): never becomes a controlling terminal on open
        public const int Controlling = 2;   // /dev/tty (5,0): the caller's controlling terminal, ENXIO when it has none
        public const int Count = 3;
    }
}
