using System;

namespace Lunix.Tests.Tap
{
    // Test Anything Protocol lines for an in-guest suite, which the boot tests read from the
    // serial console: the plan ("1..N"), one "ok N - name" or "not ok N - name" per case (each
    // becomes a test case of its own on the host) and "# " comments. Cases carry their numbers
    // explicitly, so a suite's source lists them in the order the host's case list does. Ring 0
    // and ring 3 print differently, so the writer is given the function that prints one line.
    public readonly unsafe struct TapWriter
    {
        // The longest line a ring-3 program prints in one DIAGCTL call (the kernel's
        // UserText.MaxLength): a case's name fits whole in either form, "ok" or "not ok".
        public const int MaxLine = 256;

        private readonly delegate*<ReadOnlySpan<char>, void> _printLine;

        public TapWriter(delegate*<ReadOnlySpan<char>, void> printLine) => _printLine = printLine;

        public void Plan(int cases)
        {
            _printLine("TAP version 13");
            Span<char> line = stackalloc char[16];
            "1..".AsSpan().CopyTo(line);
            cases.TryFormat(line.Slice(3), out int digits);
            _printLine(line.Slice(0, 3 + digits));
        }

        // Prints the case's line; returns 1 when it failed, so callers can count failures.
        public int Check(int number, string name, bool passed)
        {
            Span<char> line = stackalloc char[MaxLine];
            int length = Append(line, 0, passed ? "ok " : "not ok ");
            number.TryFormat(line.Slice(length), out int digits);
            length = Append(line, length + digits, " - ");
            length = Append(line, length, name);
            _printLine(line.Slice(0, length));
            return passed ? 0 : 1;
        }

        // "# <suite>: P passed, F failed", after the last case.
        public void Summary(string suite, int cases, int failed)
        {
            Span<char> line = stackalloc char[96];
            int length = Append(line, 0, "# ");
            length = Append(line, length, suite);
            length = Append(line, length, ": ");
            (cases - failed).TryFormat(line.Slice(length), out int digits);
            length = Append(line, length + digits, " passed, ");
            failed.TryFormat(line.Slice(length), out digits);
            length = Append(line, length + digits, " failed");
            _printLine(line.Slice(0, length));
        }

        private static int Append(Span<char> line, int at, string text)
        {
            int count = Math.Min(text.Length, line.Length - at);
            text.AsSpan(0, count).CopyTo(line.Slice(at));
            return at + count;
        }
    }
}
