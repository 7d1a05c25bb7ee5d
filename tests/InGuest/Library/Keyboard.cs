using System;
using Lunix.SystemLibrary;

namespace Lunix.Tests.InGuest
{
    // Asks whoever runs the machine to type: a console line "# type: KEYS", KEYS with C escapes
    // (\r, \n, \t, \\ and \xHH), which the Boot tool's runner (QemuRunner) and so the boot tests
    // and `Boot -- test` answer by writing those bytes into the guest's serial port (COM1). The
    // line is a TAP comment, so TAP readers pass it by.
    public static class Keyboard
    {
        public const string Prefix = "# type: ";

        public static void Type(ReadOnlySpan<char> keys)
        {
            Span<char> line = stackalloc char[Kernel.PrintMax];
            Prefix.AsSpan().CopyTo(line);
            int length = Prefix.Length;
            foreach (char c in keys)
            {
                if (length > line.Length - 4) break;
                if (c == '\r') { line[length++] = '\\'; line[length++] = 'r'; }
                else if (c == '\n') { line[length++] = '\\'; line[length++] = 'n'; }
                else if (c == '\t') { line[length++] = '\\'; line[length++] = 't'; }
                else if (c == '\\') { line[length++] = '\\'; line[length++] = '\\'; }
                else if (c < 0x20 || c >= 0x7F)
                {
                    line[length++] = '\\';
                    line[length++] = 'x';
                    line[length++] = "0123456789abcdef"[(c >> 4) & 0xF];
                    line[length++] = "0123456789abcdef"[c & 0xF];
                }
                else line[length++] = c;
            }
            Kernel.Print(line.Slice(0, length));
        }
    }
}
