using System;
using System.Runtime.InteropServices;
using Lunix.Abi.Linux;

namespace Lunix.Drivers.Tty
{
    // The virtual consoles' own ioctls (Linux's vt_ioctl), which busybox's chvt, openvt and
    // deallocvt make: the keyboard's type (how they tell a console from another terminal), which
    // console is shown and which are in use, showing another, waiting until one is shown, and
    // freeing one no one uses. They reach a virtual console only: the serial console answers
    // ENOTTY, as Linux's serial ttys do. Lunix's four consoles always exist: a request naming
    // another (up to Linux's 63) finds none to show, and one to free is already free.
    public static class VirtualTerminalRequests
    {
        public static bool Handles(uint request) => request switch
        {
            LinuxIoctls.KDGKBTYPE or LinuxIoctls.VT_OPENQRY or LinuxIoctls.VT_GETMODE or LinuxIoctls.VT_SETMODE
                or LinuxIoctls.VT_GETSTATE or LinuxIoctls.VT_ACTIVATE or LinuxIoctls.VT_WAITACTIVE or LinuxIoctls.VT_DISALLOCATE => true,
            _ => false,
        };

        // `waitFor`: the console (1..) VT_WAITACTIVE waits to be shown, when it is not yet; the
        // driver then holds the request until a switch shows it (WaitOver), or a signal ends it.
        public static long Serve(VirtualConsoles consoles, uint request, ulong value, Span<byte> argument, out int waitFor)
        {
            waitFor = 0;
            switch (request)
            {
                case LinuxIoctls.KDGKBTYPE:
                    argument[0] = LinuxVirtualTerminals.KB_101;
                    return 0;
                case LinuxIoctls.VT_GETSTATE:
                    MemoryMarshal.Cast<byte, LinuxVtState>(argument)[0] = new LinuxVtState { Active = (ushort)(consoles.Active + 1), State = InUse(consoles) };
                    return 0;
                case LinuxIoctls.VT_OPENQRY:
                    MemoryMarshal.Cast<byte, int>(argument)[0] = FirstUnused(consoles);
                    return 0;
                case LinuxIoctls.VT_GETMODE:
                    MemoryMarshal.Cast<byte, LinuxVtMode>(argument)[0] = new LinuxVtMode { Mode = LinuxVtMode.Auto };
                    return 0;
                case LinuxIoctls.VT_SETMODE:
                    // Only the kernel's own switching: a process that asks to be told of switches
                    // (VT_PROCESS, X servers) is refused rather than silently never told.
                    return MemoryMarshal.Read<LinuxVtMode>(argument).Mode == LinuxVtMode.Auto ? 0 : -(long)LinuxErrno.EINVAL;
                case LinuxIoctls.VT_ACTIVATE:
                    // 0, past Linux's 63, or one Linux would allocate and Lunix cannot (5..63).
                    if (value == 0 || value > VirtualConsoles.Count) return -(long)LinuxErrno.ENXIO;
                    consoles.Switch((int)value - 1);
                    return 0;
                case LinuxIoctls.VT_WAITACTIVE:
                    if (value == 0 || value > LinuxVirtualTerminals.MaxConsoles) return -(long)LinuxErrno.ENXIO;
                    if (!WaitOver(consoles, (int)value)) waitFor = (int)value;
                    return 0;
                case LinuxIoctls.VT_DISALLOCATE:
                    return Disallocate(consoles, value);
                default:
                    return -(long)LinuxErrno.ENOTTY;
            }
        }

        // A held VT_WAITACTIVE for console `number` (1..) may be answered.
        public static bool WaitOver(VirtualConsoles consoles, int number) => consoles.Active == number - 1;

        // Bit n for /dev/ttyn open by anyone; bit 0 for /dev/tty0, always "open" (Linux's vt_stat).
        private static ushort InUse(VirtualConsoles consoles)
        {
            int state = 1;
            for (int i = 0; i < VirtualConsoles.Count; i++)
                if (consoles.Terminal(i).InUse) state |= 2 << i;
            return (ushort)state;
        }

        private static int FirstUnused(VirtualConsoles consoles)
        {
            for (int i = 0; i < VirtualConsoles.Count; i++)
                if (!consoles.Terminal(i).InUse) return i + 1;
            return -1;
        }

        // Linux frees a console's screen; Lunix's screens are fixed, so a freed console's screen
        // is cleared, as a newly allocated one would be blank. The console shown, one in use, and
        // the first (never freed by Linux either) stay as they are.
        private static long Disallocate(VirtualConsoles consoles, ulong number)
        {
            if (number > LinuxVirtualTerminals.MaxConsoles) return -(long)LinuxErrno.ENXIO;
            if (number == 0)
            {
                for (int i = 1; i < VirtualConsoles.Count; i++)
                    if (Free(consoles, i)) consoles.Clear(i);
                return 0;
            }
            int index = (int)number - 1;
            if (index >= VirtualConsoles.Count) return 0;
            if (!Free(consoles, index)) return -(long)LinuxErrno.EBUSY;
            if (index > 0) consoles.Clear(index);
            return 0;
        }

        private static bool Free(VirtualConsoles consoles, int index) => index != consoles.Active && !consoles.Terminal(index).InUse;
    }
}
