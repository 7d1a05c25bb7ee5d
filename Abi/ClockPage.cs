using System.Runtime.InteropServices;

namespace Lunix.Abi
{
    // The clock page: one page the kernel fills at boot and maps read-only into every Linux
    // program just below its vDSO (ExecLayout.ClockPage), as Linux's vvar page, so the vDSO's
    // clock_gettime (Kernel/Vdso/vdso.c, struct lunix_clock_page there) costs no system call.
    // Monotonic nanoseconds are ((tsc - TscAtZero) * NanosecondsPerTsc32) >> 32, computed the
    // same way by the vDSO and by anyone in C# (PM's system calls), so the two never disagree.
    [StructLayout(LayoutKind.Sequential)]
    public struct ClockPage
    {
        public ulong TscAtZero;             // the TSC when CLOCK_MONOTONIC was 0 (the kernel's start)
        public ulong NanosecondsPerTsc32;   // nanoseconds per TSC count, scaled by 2^32
        public long RealtimeOffset;         // CLOCK_REALTIME - CLOCK_MONOTONIC, in nanoseconds
        public uint Filled;                 // 1 once the fields above are set
        public uint Reserved;

        public const ulong NanosecondsPerSecond = 1_000_000_000;

        // The scale for a TSC rate (counts per second); 0 for an unknown rate.
        public static ulong ScaleFor(ulong tscPerSecond) => tscPerSecond == 0 ? 0 : (NanosecondsPerSecond << 32) / tscPerSecond;

        public readonly ulong MonotonicNanoseconds(ulong tsc) => MultiplyShift32(tsc - TscAtZero, NanosecondsPerTsc32);

        // (a * b) >> 32 with the 128-bit product, as the vDSO's unsigned __int128 computes it.
        private static ulong MultiplyShift32(ulong a, ulong b)
        {
            ulong aLow = (uint)a, aHigh = a >> 32, bLow = (uint)b, bHigh = b >> 32;
            ulong lowLow = aLow * bLow, lowHigh = aLow * bHigh, highLow = aHigh * bLow, highHigh = aHigh * bHigh;
            ulong middle = (lowLow >> 32) + (uint)lowHigh + (uint)highLow;
            ulong high = highHigh + (lowHigh >> 32) + (highLow >> 32) + (middle >> 32);
            return (high << 32) | (uint)middle;
        }
    }
}
