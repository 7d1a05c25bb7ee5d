using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.RamFs
{
    // File times: the real time, as clock_gettime(CLOCK_REALTIME) reads it in PM and the vDSO:
    // the kernel's clock page (GETINFO Clock: the TSC's scale, and the real-time offset from the
    // CMOS clock the kernel read at boot), read once, then the TSC, with no kernel call per time.
    // Without a calibrated TSC, the kernel's ticks since boot plus the same offset.
    internal static unsafe class FileClock
    {
        private static ClockPage s_page;
        private static ulong s_tickHz = 100;
        private static bool s_read;

        public static FileTime Now()
        {
            if (!s_read)
            {
                if (Kernel.Clock(out ClockInfo clock) == 0)
                {
                    s_page = clock.Page;
                    if (clock.TickHz != 0) s_tickHz = clock.TickHz;
                }
                s_read = true;
            }
            ulong monotonic = s_page.NanosecondsPerTsc32 != 0 ? s_page.MonotonicNanoseconds(Processor.ReadTsc())
                            : Kernel.Ticks() * (ClockPage.NanosecondsPerSecond / s_tickHz);
            long now = (long)monotonic + s_page.RealtimeOffset;
            return new FileTime(now / (long)ClockPage.NanosecondsPerSecond, (int)(now % (long)ClockPage.NanosecondsPerSecond));
        }
    }
}
