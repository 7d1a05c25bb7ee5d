using Lunix.Arch.X86;
using Lunix.Kernel.Console;

namespace Lunix.Kernel.Bench
{
    // Benchmark figures as `BENCH <name> <value> <unit>` lines (read by the Boot tool's bench
    // command). Under QEMU's -icount shift=0 the TSC advances once per guest instruction, so a
    // TSC delta is an instruction count.
    internal static class BenchReport
    {
        public static ulong Now() => Cpu.ReadTsc();

        public static void Print(string name, ulong value, string unit)
            => SystemConsole.Print("BENCH %s %lu %s\n", name, value, unit);
    }
}
