using Lunix.Abi.Linux;

namespace Lunix.Servers.Pm
{
    // nanosleep and clock_nanosleep: PM holds the call until its deadline on CLOCK_MONOTONIC
    // (ProcessTimers; PmAlarm answers it). A handler that interrupts it makes it fail with EINTR
    // and, for a relative sleep, write the time that was left to rem. clock_nanosleep takes the
    // real-time and monotonic clocks, relative or TIMER_ABSTIME (a time already past returns at
    // once); sleeping on a CPU-time clock is not there (EOPNOTSUPP).
    internal static class Sleeps
    {
        private const long TimerAbsolute = 1;

        public static bool IsValid(long seconds, long nanoseconds) =>
            seconds >= 0 && nanoseconds >= 0 && nanoseconds < (long)PmClock.NanosecondsPerSecond;

        // Saturating: a timespec of centuries is a sleep as good as forever.
        public static long Nanoseconds(long seconds, long nanoseconds) =>
            seconds >= long.MaxValue / (long)PmClock.NanosecondsPerSecond - 1 ? long.MaxValue / 2 : seconds * (long)PmClock.NanosecondsPerSecond + nanoseconds;

        public static long Nanosleep(int record, ulong requestAddress, ulong remainingAddress) =>
            Sleep(record, ClockIds.Monotonic, 0, requestAddress, remainingAddress);

        public static long ClockNanosleep(int record, long clock, long flags, ulong requestAddress, ulong remainingAddress)
        {
            ClockKind kind = ClockIds.Decode(clock, out _, out _);
            if (kind == ClockKind.Invalid || clock == ClockIds.ThreadCpuTime) return -(long)LinuxErrno.EINVAL;
            if (kind == ClockKind.CpuTime) return -(long)LinuxErrno.EOPNOTSUPP;
            return Sleep(record, kind == ClockKind.Realtime ? ClockIds.Realtime : ClockIds.Monotonic, flags, requestAddress, remainingAddress);
        }

        private static long Sleep(int record, int clock, long flags, ulong requestAddress, ulong remainingAddress)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            if (UserMemory.ReadPair(process.Endpoint, requestAddress, out long seconds, out long nanoseconds) != 0) return -(long)LinuxErrno.EFAULT;
            if (!IsValid(seconds, nanoseconds)) return -(long)LinuxErrno.EINVAL;
            long length = Nanoseconds(seconds, nanoseconds);
            ulong now = PmClock.MonotonicNow();
            ulong deadline;
            if ((flags & TimerAbsolute) != 0)
            {
                long at = clock == ClockIds.Realtime ? PmClock.MonotonicOfRealtime(length) : length;
                if (at <= (long)now) return 0;
                deadline = (ulong)at;
                remainingAddress = 0;
            }
            else
            {
                if (length == 0) return 0;
                deadline = now + (ulong)length;
            }
            process.Held = HeldCall.Sleep;
            process.RemainingAddress = remainingAddress;
            ProcessTimers.Set(record, TimerKind.Sleep, deadline);
            return ProcessCalls.NoReply;
        }
    }
}
