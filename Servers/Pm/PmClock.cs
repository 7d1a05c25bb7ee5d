using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // PM's clocks. CLOCK_MONOTONIC (and BOOTTIME: Lunix does not suspend) counts nanoseconds
    // since the kernel started, from the time-stamp counter at the rate the kernel calibrated
    // against its timer (GETINFO Clock), read by PM itself: no kernel call per clock_gettime.
    // CLOCK_REALTIME is the real-time clock's reading at PM's start plus the monotonic time
    // since. CPU time comes in the kernel's timer ticks (GETINFO ProcessTimes). USER_HZ, the unit
    // of times() and AT_CLKTCK, is 100 as on Linux.
    internal static class PmClock
    {
        public const ulong UserHz = 100;
        public const ulong NanosecondsPerSecond = 1_000_000_000;

        private static ulong s_bootTsc, s_tscPerSecond, s_tickHz = 100;
        private static long s_realtimeOffset;             // realtime - monotonic, in nanoseconds

        public static void Start()
        {
            if (Kernel.Clock(out ClockInfo clock) == 0)
            {
                s_bootTsc = clock.BootTsc;
                s_tscPerSecond = clock.TscPerSecond;
                if (clock.TickHz != 0) s_tickHz = clock.TickHz;
            }
            long seconds = RealTimeClock.ReadUnixSeconds();
            s_realtimeOffset = seconds * (long)NanosecondsPerSecond - (long)MonotonicNow();
        }

        public static ulong TickHz => s_tickHz;

        public static ulong MonotonicNow()
        {
            if (s_tscPerSecond == 0) return Kernel.Ticks() * (NanosecondsPerSecond / s_tickHz);
            ulong counts = Processor.ReadTsc() - s_bootTsc;
            ulong seconds = counts / s_tscPerSecond, rest = counts % s_tscPerSecond;
            return seconds * NanosecondsPerSecond + rest * NanosecondsPerSecond / s_tscPerSecond;
        }

        public static long RealtimeNow() => (long)MonotonicNow() + s_realtimeOffset;

        // Monotonic nanoseconds of a realtime instant (clock_nanosleep's TIMER_ABSTIME).
        public static long MonotonicOfRealtime(long realtime) => realtime - s_realtimeOffset;

        public static ulong TicksToNanoseconds(ulong ticks) => ticks * (NanosecondsPerSecond / s_tickHz);

        public static ulong TicksToUserHz(ulong ticks) => ticks * UserHz / s_tickHz;

        // Kernel ticks to wait for `nanoseconds` (at least one).
        public static long TicksFor(ulong nanoseconds)
        {
            ulong perTick = NanosecondsPerSecond / s_tickHz;
            ulong ticks = (nanoseconds + perTick - 1) / perTick;
            return ticks == 0 ? 1 : (long)ticks;
        }
    }
}
