using System;
using System.Runtime;

namespace Lunix.Tests.KernelSuites
{
    // The suites the test kernel runs in ring 0, before any program starts (kernel option
    // suite=NAME). The kernel knows no suite: it hands the name to lunix_kernel_suite, which only
    // the test kernel defines (here; Arch.X86/Boot/suites.S answers "none" in the system kernel).
    internal static unsafe class KernelSuites
    {
        // 1 when a suite of that name ran, 0 when this kernel has none (the name may be a suite
        // of the test runner's, in ring 3).
        [RuntimeExport("lunix_kernel_suite")]
        private static int Run(char* name, int length)
        {
            var wanted = new ReadOnlySpan<char>(name, length);
            if (wanted.SequenceEqual("corelib")) CoreLibSuite.Run();
            else if (wanted.SequenceEqual("memory")) MemorySuite.Run();
            else return 0;
            return 1;
        }
    }
}
