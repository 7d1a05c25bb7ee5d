using System;
using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.TtyLine
{
    // The ttyline suite (suite=ttyline): reads one line from the terminal the way VFS would and
    // prints it, escaped, on a TAP comment line. Whatever is typed into COM1 is read: the boot
    // test pipes a line into `Boot -- run`, which must reach the guest's serial port.
    internal static class TtyLine
    {
        private const ulong Wait = 6000;                // ticks (a minute at 100 Hz): the line may come from a slow pipe

        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Tap.Plan(1);
            var leader = new CharDriverCaller { Process = TestEndpoints.TtyLine, Pid = 20, ProcessGroup = 20, Session = 20 };
            int open = TerminalClient.Open(TerminalMinors.Serial, leader);
            int read = TerminalClient.Read(TerminalMinors.Serial, 200, leader, out int grant);
            bool opened = TerminalClient.Await(open, Wait, out long openResult) && openResult == 0;
            bool got = TerminalClient.Await(read, Wait, out long length, grant) && length > 0;
            Span<char> line = stackalloc char[Kernel.PrintMax];
            const string Prefix = "# ttyline: read \"";
            Prefix.AsSpan().CopyTo(line);
            int at = Prefix.Length;
            for (int i = 0; i < length && at < line.Length - 3; i++)
            {
                byte b = TerminalClient.Buffer[i];
                if (b == '\n') { line[at++] = '\\'; line[at++] = 'n'; }
                else line[at++] = b >= 0x20 && b < 0x7F && b != '"' && b != '\\' ? (char)b : '?';
            }
            line[at++] = '"';
            Kernel.Print(line.Slice(0, at));
            return Tap.Check(1, "a line typed on COM1 came through the terminal driver", opened && got);
        }
    }
}
