using System;
using System.Runtime;
using System.Runtime.CompilerServices;
using Internal.Runtime;

namespace Lunix.SystemLibrary
{
    // The core library's way out in ring 3: an unhandled exception (every throw: there is no
    // unwinder to catch it), heap exhaustion or a fail-fast. The program prints one line saying
    // what failed, then faults on purpose so the kernel stops it and reports its registers and
    // stack. The line is built on the stack: the heap may be what ran out.
    internal static class RuntimeFailures
    {
        // Generated into each program by Program.targets: its image name.
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "LunixProgramName")]
        private static extern string ProgramName();

        [RuntimeExport("LunixRuntimeFailure")]
        private static void Report(FailureKind kind, object detail, ulong value)
        {
            Span<char> line = stackalloc char[Kernel.PrintMax];
            int length = 0;
            Append(line, ref length, ProgramName());
            switch (kind)
            {
                case FailureKind.UnhandledException:
                    // Without the symbol file the exception's type cannot be named: its message must do.
                    Append(line, ref length, ": unhandled exception: ");
                    Append(line, ref length, ((Exception)detail).Message);
                    break;
                case FailureKind.HeapExhausted:
                    Append(line, ref length, ": heap exhausted, bytes requested: ");
                    value.TryFormat(line.Slice(length), out int digits);
                    length += digits;
                    break;
                default:
                    Append(line, ref length, ": runtime failure: ");
                    Append(line, ref length, detail as string);
                    break;
            }
            Kernel.Print(line.Slice(0, length));
            Trap.Now();
        }

        // Appends what fits; a failure report is better cut short than lost.
        private static void Append(Span<char> line, ref int length, ReadOnlySpan<char> text)
        {
            int count = Math.Min(text.Length, line.Length - length);
            text.Slice(0, count).CopyTo(line.Slice(length));
            length += count;
        }
    }
}
