using System;

namespace Lunix.Servers.Pm
{
    // init's arguments from the kernel's command line (what follows `--`, GETINFO
    // InitArguments), as Linux hands them on: words split at spaces, a double-quoted stretch
    // kept as one word without its quotes (`init=/bin/sh -- -c "echo hi"` runs sh with "-c" and
    // "echo hi").
    public static class InitArguments
    {
        // Writes the words as NUL-ended strings after argv[0] (already in `into`, `used` bytes):
        // the list's new length, or -1 when it does not fit.
        public static int Append(ReadOnlySpan<byte> text, Span<byte> into, int used)
        {
            int at = 0;
            while (true)
            {
                while (at < text.Length && text[at] == ' ') at++;
                if (at == text.Length) return used;
                bool quoted = false;
                for (; at < text.Length && (quoted || text[at] != ' '); at++)
                {
                    if (text[at] == '"')
                    {
                        quoted = !quoted;
                        continue;
                    }
                    if (used == into.Length) return -1;
                    into[used++] = text[at];
                }
                if (used == into.Length) return -1;
                into[used++] = 0;
            }
        }
    }
}
