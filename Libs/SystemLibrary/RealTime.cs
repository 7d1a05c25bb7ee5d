using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // The real time for servers that stamp files (RAM file system, ext2), as
    // clock_gettime(CLOCK_REALTIME) reads it in PM and the vDSO: the kernel's clock page (GETINFO
    // Clock: the TSC's scale, and the real-time offset from the CMOS clock the kernel read at
    // boot), read once, then the TSC, with no kernel call per time. Without a calibrated TSC, the
    // kernel's ticks since boot plus the same offset.
    public static class RealTime
    {
        private static ClockPage s_page;
        private static ulong s_tickHz = 100;
        private static bool s_read;

        // Nanoseconds since the Unix epoch.
        public static long Nanoseconds()
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
            return (long)monotonic + s_page.RealtimeOffset;
        }
    }
}
