using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // The one kernel alarm PM keeps (SETALARM), always set for the earliest of the processes'
    // deadlines (ProcessTimers). When it goes off, every deadline that PM's own monotonic clock
    // says has passed fires: an alarm that comes a little early (the kernel counts ticks) only
    // sets the alarm again for the rest, so no sleep ends before its time.
    internal static class PmAlarm
    {
        private static ulong s_armedFor;

        public static void Rearm()
        {
            ProcessTimers.Changed = false;
            ulong next = ProcessTimers.Earliest();
            if (next == s_armedFor) return;
            s_armedFor = next;
            if (next == 0)
            {
                Kernel.SetAlarm(0);
                return;
            }
            ulong now = PmClock.MonotonicNow();
            Kernel.SetAlarm(PmClock.TicksFor(next > now ? next - now : 1));
        }

        // The kernel's alarm went off.
        public static void Expired()
        {
            s_armedFor = 0;
            ulong now = PmClock.MonotonicNow();
            while (ProcessTimers.TakeExpired(now, out int record, out TimerKind kind, out ulong deadline)) Fire(record, kind, deadline, now);
            Rearm();
        }

        private static void Fire(int record, TimerKind kind, ulong deadline, ulong now)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            if (!process.IsAlive) return;
            switch (kind)
            {
                case TimerKind.Alarm:
                    IntervalTimer.Expired(record, deadline, now);
                    break;
                case TimerKind.Sleep:
                    if (process.Held == HeldCall.Sleep) HeldCalls.Finish(record, 0);
                    break;
                case TimerKind.SignalWait:
                    if (process.Held == HeldCall.SignalWait) HeldCalls.Finish(record, -(long)Abi.Linux.LinuxErrno.EAGAIN);
                    break;
                case TimerKind.Futex:
                    if (process.Held == HeldCall.Futex) HeldCalls.Finish(record, -(long)Abi.Linux.LinuxErrno.ETIMEDOUT);
                    break;
            }
        }
    }
}
