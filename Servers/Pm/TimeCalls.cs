using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // Reading the clocks (PmClock): clock_gettime, clock_getres, gettimeofday and time. Without
    // a vDSO every read is a call to PM. CPU-time clocks are kept in the kernel's timer ticks, so
    // they (and the coarse clocks) have the tick's resolution; the others count nanoseconds.
    internal static class TimeCalls
    {
        public static long GetTime(int record, long clock, ulong address)
        {
            long nanoseconds = Now(record, clock);
            if (nanoseconds < 0) return nanoseconds;
            return UserMemory.WritePair(PosixProcesses.At(record).Endpoint, address, nanoseconds / (long)PmClock.NanosecondsPerSecond,
                                        nanoseconds % (long)PmClock.NanosecondsPerSecond);
        }

        public static long Resolution(int record, long clock, ulong address)
        {
            ClockKind kind = ClockIds.Decode(clock, out int pid, out bool coarse);
            if (kind == ClockKind.Invalid || kind == ClockKind.CpuTime && pid != 0 && PosixProcesses.OfPid(pid) == PosixProcesses.None)
                return -(long)LinuxErrno.EINVAL;
            if (address == 0) return 0;
            long resolution = kind == ClockKind.CpuTime || coarse ? (long)PmClock.TicksToNanoseconds(1) : 1;
            return UserMemory.WritePair(PosixProcesses.At(record).Endpoint, address, 0, resolution);
        }

        // gettimeofday(tv, tz): the time of day in a timeval; the time zone Linux reports when
        // none was set (0 minutes west, no DST).
        public static long TimeOfDay(int record, ulong timeAddress, ulong zoneAddress)
        {
            int endpoint = PosixProcesses.At(record).Endpoint;
            long now = PmClock.RealtimeNow();
            if (timeAddress != 0
                && UserMemory.WritePair(endpoint, timeAddress, now / (long)PmClock.NanosecondsPerSecond, now % (long)PmClock.NanosecondsPerSecond / 1000) != 0)
                return -(long)LinuxErrno.EFAULT;
            if (zoneAddress != 0 && UserMemory.WriteUInt64(endpoint, zoneAddress, 0) != 0) return -(long)LinuxErrno.EFAULT;
            return 0;
        }

        public static long Time(int record, ulong address)
        {
            long seconds = PmClock.RealtimeNow() / (long)PmClock.NanosecondsPerSecond;
            if (address != 0 && UserMemory.WriteUInt64(PosixProcesses.At(record).Endpoint, address, (ulong)seconds) != 0) return -(long)LinuxErrno.EFAULT;
            return seconds;
        }

        // The clock's reading in nanoseconds, or a negated errno (EINVAL for a bad clock or a
        // CPU clock of a process that is not there).
        private static long Now(int record, long clock)
        {
            ClockKind kind = ClockIds.Decode(clock, out int pid, out bool coarse);
            switch (kind)
            {
                case ClockKind.Realtime:
                    long real = PmClock.RealtimeNow();
                    return coarse ? real - real % (long)PmClock.TicksToNanoseconds(1) : real;
                case ClockKind.Monotonic:
                    ulong monotonic = PmClock.MonotonicNow();
                    return (long)(coarse ? monotonic - monotonic % PmClock.TicksToNanoseconds(1) : monotonic);
                case ClockKind.CpuTime:
                    int target = pid == 0 ? record : PosixProcesses.OfPid(pid);
                    if (target == PosixProcesses.None) return -(long)LinuxErrno.EINVAL;
                    ulong ticks = PosixProcesses.At(target).UserTicks;
                    if (PosixProcesses.At(target).IsAlive) Usage.Sample(target, out ticks, out _);
                    return (long)PmClock.TicksToNanoseconds(ticks);
                default:
                    return -(long)LinuxErrno.EINVAL;
            }
        }
    }
}
