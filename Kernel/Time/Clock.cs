using Lunix.Arch.X86;

namespace Lunix.Kernel.Time
{
    // Time since boot: timer ticks at a fixed rate, and the TSC for fine measurements.
    public static class Clock
    {
        public static ulong BootTsc { get; private set; }
        public static ulong TscPerSecond { get; private set; }
        public static uint TickHz { get; private set; }

        public static void MarkKernelEntry() => BootTsc = Cpu.ReadTsc();

        public static void Calibrated(uint tickHz, ulong tscPerSecond)
        {
            TickHz = tickHz;
            TscPerSecond = tscPerSecond;
        }

        // The boot processor's timer keeps the time; the others' only drive their own CPU.
        public static ulong Ticks => CpuLocal.Of(0).Ticks;

        public static ulong TscSinceBoot => Cpu.ReadTsc() - BootTsc;

        // Microseconds for a TSC interval, 0 before calibration.
        public static ulong TscToMicroseconds(ulong tsc) => TscPerSecond == 0 ? 0 : tsc * 1000 / (TscPerSecond / 1000);
    }
}
