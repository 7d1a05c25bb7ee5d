using System.Runtime;
using Lunix.CharDriver;

namespace Lunix.Drivers.Tty
{
    // The terminal driver (Linux's n_tty over the 8250 driver, MINIX's tty as a server): the
    // serial console COM1 as /dev/ttyS0, /dev/console and /dev/tty for VFS, with Linux's line
    // discipline, termios and job control, and the kernel's console lines sent in their turn.
    // docs/posix.md, "The terminal", says how it fits.
    internal static class Tty
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            CharDriverLoop.Run(new TtyDevice());
            return 0;
        }
    }
}
