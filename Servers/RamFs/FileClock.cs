using Lunix.SystemLibrary;

namespace Lunix.Servers.RamFs
{
    // File times. Lunix reads no real-time clock yet: times count from boot (the kernel's ticks),
    // as on a machine whose clock starts at the epoch.
    internal static unsafe class FileClock
    {
        public static FileTime Now()
        {
            ulong* times = stackalloc ulong[3];
            Syscalls.KernelCall(Lunix.Abi.KernelCalls.Times, (long)times);
            ulong ticks = times[0], hz = times[1] == 0 ? 100 : times[1];
            return new FileTime((long)(ticks / hz), (int)(ticks % hz * (1_000_000_000 / hz)));
        }
    }
}
