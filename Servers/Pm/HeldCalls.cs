using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Pm
{
    // The calls PM holds (wait4, pause, rt_sigsuspend, nanosleep, rt_sigtimedwait, a vfork
    // parent's, futex waits): how one ends, and what it answers when a signal's handler interrupts it.
    internal static class HeldCalls
    {
        // The call ends with `result`; a signal deliverable now goes with the answer (its handler
        // runs first, and the call returns `result` when it is done).
        public static void Finish(int record, long result)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            if (!process.IsAlive) return;
            Release(record);
            process.Held = HeldCall.Answer;
            process.Answer = result;
            Signals.Deliver(record);
        }

        // What the held call returns when a handler runs in the middle of it (Linux's restart
        // codes): wait4 and waitid are made again after a handler with SA_RESTART
        // (ERESTARTSYS), as is a futex wait without a timeout; pause, rt_sigsuspend and rt_sigtimedwait fail with EINTR; a sleep
        // fails with EINTR and says how long was left.
        public static long Interrupted(int record)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            long result = process.Held switch
            {
                HeldCall.Answer => process.Answer,
                HeldCall.Wait => PosixErrors.Restart,
                HeldCall.Futex when !process.Futex.Timed => PosixErrors.Restart,
                _ => -(long)LinuxErrno.EINTR,
            };
            if (process.Held == HeldCall.Sleep && process.RemainingAddress != 0)
            {
                ulong deadline = ProcessTimers.DeadlineOf(record, TimerKind.Sleep), now = PmClock.MonotonicNow();
                ulong left = deadline > now ? deadline - now : 0;
                UserMemory.WritePair(process.Endpoint, process.RemainingAddress, (long)(left / PmClock.NanosecondsPerSecond),
                                     (long)(left % PmClock.NanosecondsPerSecond));
            }
            return result;
        }

        // The call is no longer held (its timers go with it).
        public static void Release(int record)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            if (process.Held == HeldCall.Sleep) ProcessTimers.Cancel(record, TimerKind.Sleep);
            if (process.Held == HeldCall.SignalWait) ProcessTimers.Cancel(record, TimerKind.SignalWait);
            if (process.Held == HeldCall.Futex) ProcessTimers.Cancel(record, TimerKind.Futex);
            if (process.Held == HeldCall.Suspend) process.Mask = process.SavedMask;
            process.Held = HeldCall.None;
        }
    }
}
