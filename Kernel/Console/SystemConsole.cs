using System;
using Lunix.Arch.X86;
using Lunix.Kernel.Diagnostics;

namespace Lunix.Kernel.Console
{
    // The kernel console: every line goes to COM1 (what tests and remote users read) and is
    // mirrored to the screen when there is one. Formatting happens in a stack buffer: printing
    // never allocates, so it works while reporting an out-of-memory crash.
    public static class SystemConsole
    {
        private static IScreen s_screen;

        // What was printed before the screen was found, replayed onto it (the screen needs the
        // boot information and the font module, so it comes up after the first lines).
        private static readonly char[] s_early = new char[4096];
        private static int s_earlyLength;

        public static void AttachScreen(IScreen screen)
        {
            screen.Clear();
            for (int i = 0; i < s_earlyLength; i++) screen.Put(s_early[i]);
            s_screen = screen;
        }

        public static void Write(ReadOnlySpan<char> text)
        {
            foreach (char c in text)
            {
                if (c == '\n') Serial.Write((byte)'\r');
                Serial.Write(c < 0x80 ? (byte)c : (byte)'?');
                if (s_screen != null) s_screen.Put(c);
                else if (s_earlyLength < s_early.Length) s_early[s_earlyLength++] = c;
            }
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
