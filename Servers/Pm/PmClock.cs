using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // PM's clocks. CLOCK_MONOTONIC (and BOOTTIME: Lunix does not suspend) counts nanoseconds
    // since the kernel started, from the time-stamp counter with the kernel's clock page (GETINFO
    // Clock: Abi/ClockPage.cs), read by PM itself: no kernel call per clock_gettime, and the very
    // arithmetic of the vDSO, so a program's vDSO and system-call readings never disagree.
    // CLOCK_REALTIME adds the page's real-time offset (the CMOS clock the kernel read at boot).
    // CPU time comes in the kernel's timer ticks (GETINFO ProcessTimes). USER_HZ, the unit
    // of times() and AT_CLKTCK, is 100 as on Linux.
    internal static class PmClock
    {
        public const ulong UserHz = 100;
        public const ulong NanosecondsPerSecond = 1_000_000_000;

        private static ClockPage s_page;
        private static ulong s_tickHz = 100;
        private static long s_realtimeOffset;             // realtime - monotonic, in nanoseconds

        public static void Start()
        {
            if (Kernel.Clock(out ClockInfo clock) != 0) return;
            s_page = clock.Page;
            s_realtimeOffset = clock.Page.RealtimeOffset;
            if (clock.TickHz != 0) s_tickHz = clock.TickHz;
        }

        public static ulong TickHz => s_tickHz;

        public static ulong MonotonicNow() =>
            s_page.NanosecondsPerTsc32 == 0 ? Kernel.Ticks() * (NanosecondsPerSecond / s_tickHz) : s_page.MonotonicNanoseconds(Processor.ReadTsc());

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
