namespace Lunix.Servers.Pm
{
    // Linux's clock ids (linux/time.h) as PM serves them: real time, monotonic time (the raw,
    // coarse and boot-time variants read the same clock: Lunix does not slew, and does not
    // suspend), and CPU time, the caller's (PROCESS/THREAD_CPUTIME_ID: one thread per process)
    // or another process's (clock_getcpuclockid's negative ids: ~pid << 3 | kind, bit 2 for a
    // thread, whose id is the pid).
    internal enum ClockKind : byte { Invalid, Realtime, Monotonic, CpuTime }

    internal static class ClockIds
    {
        public const int Realtime = 0, Monotonic = 1, ProcessCpuTime = 2, ThreadCpuTime = 3, MonotonicRaw = 4, RealtimeCoarse = 5,
                         MonotonicCoarse = 6, Boottime = 7, RealtimeAlarm = 8, BoottimeAlarm = 9, Tai = 11;

        // What `id` names; `pid` the process of a CPU-time clock (0: the caller), `coarse` for the
        // clocks that tick at the timer's rate.
        public static ClockKind Decode(long id, out int pid, out bool coarse)
        {
            pid = 0;
            coarse = id == RealtimeCoarse || id == MonotonicCoarse;
            if (id < 0)
            {
                if (id < int.MinValue || (id & 3) == 3) return ClockKind.Invalid;
                pid = ~(int)(id >> 3);
                return pid > 0 ? ClockKind.CpuTime : ClockKind.Invalid;
            }
            return id switch
            {
                Realtime or RealtimeCoarse or RealtimeAlarm or Tai => ClockKind.Realtime,
                Monotonic or MonotonicRaw or MonotonicCoarse or Boottime or BoottimeAlarm => ClockKind.Monotonic,
                ProcessCpuTime or ThreadCpuTime => ClockKind.CpuTime,
                _ => ClockKind.Invalid,
            };
        }
    }
}
