using Lunix.SystemLibrary;

namespace Lunix.Servers.RamFs
{
    // File times: the kernel's ticks since boot, plus the real time at boot once PM has said it
    // (FsRequests.Clock, through VFS); before that they count from boot, as on a machine whose
    // clock starts at the epoch.
    internal static unsafe class FileClock
    {
        private static long s_bootRealtime;         // nanoseconds since the epoch at tick 0

        public static void SetBoot(long bootRealtime) => s_bootRealtime = bootRealtime;

        public static FileTime Now()
        {
            ulong* times = stackalloc ulong[3];
            Syscalls.KernelCall(Lunix.Abi.KernelCalls.Times, (long)times);
            ulong ticks = times[0], hz = times[1] == 0 ? 100 : times[1];
            long now = (long)(ticks / hz) * 1_000_000_000L + (long)(ticks % hz * (1_000_000_000 / hz)) + s_bootRealtime;
            return new FileTime(now / 1_000_000_000L, (int)(now % 1_000_000_000L));
        }
    }
}
