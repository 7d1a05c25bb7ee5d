using System;
using Lunix.Arch.X86;
using Lunix.Kernel.Diagnostics;

namespace Lunix.Kernel.Console
{
    // The kernel console: every line goes to COM1 at once (what tests and remote users read) and
    // is mirrored to the screen when there is one. Formatting happens in a stack buffer: printing
    // never allocates, so it works while reporting an out-of-memory crash.
    //
    // The screen is drawn later, in batches, as Linux's threaded consoles do: when the CPU is
    // idle, when output has waited StaleTicks, when the buffer fills, and before the machine
    // stops. Drawing is slow (a framebuffer scroll moves megabytes), and a crash report printed
    // while RS restarts a driver should not delay the driver by that much; a batch also scrolls
    // once for all its lines.
    public static class SystemConsole
    {
        private const int StaleTicks = 10;
        private static IScreen s_screen;

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

        public static void Write(ReadOnlySpan<char> text)
        {
            foreach (char c in text)
            {
                if (c == '\n') Serial.Write((byte)'\r');
                Serial.Write(c < 0x80 ? (byte)c : (byte)'?');
                if (s_pendingLength == s_pending.Length)
                {
                    if (s_screen == null) continue;         // no screen yet: later early lines are only on COM1
                    Flush();
                }
                s_pending[s_pendingLength++] = c;
            }
        }

        // Draws what is pending on the screen.
        public static void Flush()
        {
            if (s_screen == null || s_pendingLength == 0) return;
            s_screen.Write(new ReadOnlySpan<char>(s_pending, 0, s_pendingLength));
            s_pendingLength = 0;
            s_pendingTicks = 0;
        }

        // The timer: output that has waited StaleTicks is drawn even on a CPU that is never idle.
        public static void Tick()
        {
            if (s_pendingLength > 0 && ++s_pendingTicks >= StaleTicks) Flush();
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
