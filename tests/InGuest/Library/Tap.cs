using Lunix.SystemLibrary;
using Lunix.Tests.Tap;

namespace Lunix.Tests.InGuest
{
    // The TAP lines of a ring-3 suite, printed on the kernel console one DIAGCTL call per line.
    public static unsafe class Tap
    {
        private static TapWriter Writer => new TapWriter(&Kernel.Print);

        public static void Plan(int cases) => Writer.Plan(cases);

        // Returns 1 when the case failed, so callers can count failures.
        public static int Check(int number, string name, bool passed) => Writer.Check(number, name, passed);
    }
}
