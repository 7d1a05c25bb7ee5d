using System;
using Lunix.Abi;
using Lunix.Arch.X86;
using Lunix.Kernel.Boot;
using Lunix.Kernel.Diagnostics;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Console
{
    // The kernel console: every line goes to COM1 at once (what tests and remote users read), or
    // in its turn once the terminal driver holds COM1 (KernelLog), and is mirrored to the screen
    // when there is one. Formatting happens in a stack buffer: printing
    // never allocates, so it works while reporting an out-of-memory crash.
    //
    // The screen is drawn later, in batches, as Linux's threaded consoles do: when the CPU is
    // idle, when output has waited StaleTicks, when the buffer fills, and before the machine
    // stops. Drawing is slow (a framebuffer scroll moves megabytes), and a crash report printed
    // while RS restarts a driver should not delay the driver by that much; a batch also scrolls
    // once for all its lines.
    //
    // Once the terminal driver draws its virtual consoles on the screen (DIAGCTL TakeScreen),
    // the kernel draws nothing there; it takes the screen back, cleared, when the driver ends
    // (until its replacement takes it again) and for a crash report, which always shows.
    public static class SystemConsole
    {
        private const int StaleTicks = 10;
        private static IScreen s_screen;
        private static FramebufferScreen s_framebuffer;     // s_screen when it is a framebuffer (ScreenMode reshapes it)
        private static int s_screenHolder = -1;     // the terminal driver's slot; -1: the kernel draws

        // Text not yet drawn. Before the screen is found (it needs the boot information and the
        // font module) this holds the first lines, replayed onto it when it comes up.
        private static readonly char[] s_pending = new char[8192];
        private static int s_pendingLength;
        private static int s_pendingTicks;

        public static void AttachScreen(IScreen screen)
        {
            screen.Clear();
            s_screen = screen;
            Flush();
        }

        public static void AttachScreen(FramebufferScreen screen)
        {
            s_framebuffer = screen;
            AttachScreen((IScreen)screen);
        }

        // DIAGCTL TakeScreen: `slot`, a driver whose privileges let it map the screen's memory
        // (manifest `memory`, "framebuffer"), draws the screen from now on.
        public static long TakeScreen(int slot)
        {
            if (s_screen == null || BootScreen.MemoryFirst > BootScreen.MemoryLast) return -(long)Errno.ENOENT;
            if (!IpcProcesses.PrivilegesOf(slot).MayMapMemory(BootScreen.MemoryFirst, BootScreen.MemoryLast - BootScreen.MemoryFirst + 1))
                return -(long)Errno.EPERM;
            if (s_screenHolder >= 0 && s_screenHolder != slot && ProcessTable.Slot(s_screenHolder).IsLive) return -(long)Errno.EBUSY;
            s_screenHolder = slot;
            s_pendingLength = 0;
            return 0;
        }

        // DIAGCTL ScreenMode: the holder set another mode (or panned), which the kernel draws in
        // when it takes the screen back. EPERM for anyone but the holder, ENOENT without a
        // framebuffer (a text screen has no other mode), EINVAL for a layout it cannot take
        // (FramebufferScreen.Reshape). A direct call, not a new IScreen method: one added there
        // was not found by the kernel runtime's interface dispatch (a panic "interface method not
        // found", slot 0, in this method; not looked into further), and only a framebuffer needs it.
        public static long SetScreenMode(int slot, uint width, uint height, uint pitch, ulong origin)
        {
            if (s_framebuffer == null || s_screen != s_framebuffer) return -(long)Errno.ENOENT;
            if (slot != s_screenHolder) return -(long)Errno.EPERM;
            return s_framebuffer.Reshape(width, height, pitch, origin) ? 0 : -(long)Errno.EINVAL;
        }

        // The holder ended: the kernel draws again, from a clear screen.
        public static void ReleaseScreen(int slot)
        {
            if (slot == s_screenHolder) TakeScreenBack();
        }

        // A crash report: the screen is the kernel's again, cleared so that the report is read
        // whole rather than over a console's text.
        public static void TakeScreenBack()
        {
            if (s_screenHolder < 0) return;
            s_screenHolder = -1;
            s_pendingLength = 0;
            s_screen.Clear();
        }

        // Console text: to COM1 at once ("\n" as "\r\n") and to the screen, or, while the terminal
        // driver holds COM1, into the kernel's log, to go out (and onto the screen) when the driver
        // has it sent (KernelLog).
        public static void Write(ReadOnlySpan<char> text)
        {
            Watchdog.Touch();                       // polled output at 115200 baud: ~87 µs a byte, no lockup
            foreach (char c in text)
            {
                byte b = c < 0x80 ? (byte)c : (byte)'?';
                if (KernelLog.Held)
                {
                    if (c == '\n') KernelLog.Append((byte)'\r');
                    KernelLog.Append(b);
                    continue;
                }
                if (c == '\n') Serial.Write((byte)'\r');
                Serial.Write(b);
                Draw(c);
            }
        }

        // Text for the screen only: the terminal driver's output (it writes COM1 itself, DIAGCTL
        // Screen) and the kernel's log as it is sent.
        public static void Draw(ReadOnlySpan<byte> text)
        {
            foreach (byte b in text) Draw((char)b);
        }

        public static void Draw(ReadOnlySpan<char> text)
        {
            foreach (char c in text) Draw(c);
        }

        // Escape sequences a terminal's programs send (cursor moves, colours) are left out, and
        // control characters the screens do not know: the screens draw text, line ends, carriage
        // returns, backspaces and tabs.
        private static int s_escape;                // 0: text; 1: after ESC; 2: inside ESC [ ... (CSI)

        private static void Draw(char c)
        {
            if (s_screenHolder >= 0) return;
            if (s_escape == 1) { s_escape = c == '[' ? 2 : 0; return; }
            if (s_escape == 2) { if (c >= 0x40 && c <= 0x7E) s_escape = 0; return; }
            if (c == 0x1B) { s_escape = 1; return; }
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\b' && c != '\t' || c == 0x7F) return;
            if (s_pendingLength == s_pending.Length)
            {
                if (s_screen == null) return;         // no screen yet: later early lines are only on COM1
                Flush();
            }
            s_pending[s_pendingLength++] = c;
        }

        // Draws what is pending on the screen.
        public static void Flush()
        {
            if (s_screen == null || s_pendingLength == 0) return;
            Watchdog.Touch();                       // a batch's drawing and scrolling, bounded by the buffer
            s_screen.Write(new ReadOnlySpan<char>(s_pending, 0, s_pendingLength));
            s_pendingLength = 0;
            s_pendingTicks = 0;
        }

        // The timer: output that has waited StaleTicks is drawn even on a CPU that is never idle.
        public static void Tick()
        {
            if (s_pendingLength > 0 && ++s_pendingTicks >= StaleTicks) Flush();
            KernelLog.NotifyIfPending();
        }

        public static void WriteLine(ReadOnlySpan<char> text)
        {
            Write(text);
            Write("\n");
        }

        public static void Print(ReadOnlySpan<char> format, params ReadOnlySpan<FormatArg> args)
        {
            Span<char> buffer = stackalloc char[512];
            int length = Printf.Format(buffer, format, args);
            Write(buffer.Slice(0, length));
        }
    }
}
