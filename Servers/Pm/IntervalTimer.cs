using System;
using System.Buffers.Binary;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Pm
{
    // ITIMER_REAL (setitimer, getitimer, alarm): one per process, on CLOCK_MONOTONIC, sending
    // SIGALRM (si_code SI_KERNEL, as Linux) when it expires and starting again if it has an
    // interval (missed periods are skipped, as Linux's hrtimer_forward). execve keeps it, fork
    // does not copy it. ITIMER_VIRTUAL and ITIMER_PROF would need CPU-time deadlines the kernel
    // does not keep: getitimer reports them unset, setitimer refuses to set one (EINVAL).
    internal static class IntervalTimer
    {
        private const long Real = 0, Virtual = 1, Profile = 2;
        private const ulong NanosecondsPerMicrosecond = 1000;

        public static long Get(int record, long which, ulong address)
        {
            if (which != Real && which != Virtual && which != Profile) return -(long)LinuxErrno.EINVAL;
            ref PosixProcess process = ref PosixProcesses.At(record);
            Span<byte> value = stackalloc byte[32];
            if (which == Real) Current(record, value);
            else value.Clear();
            return UserMemory.Write(process.Endpoint, address, value);
        }

        public static long Set(int record, long which, ulong newAddress, ulong oldAddress)
        {
            if (which != Real && which != Virtual && which != Profile) return -(long)LinuxErrno.EINVAL;
            ref PosixProcess process = ref PosixProcesses.At(record);
            Span<byte> wanted = stackalloc byte[32];
            wanted.Clear();
            if (newAddress != 0 && UserMemory.Read(process.Endpoint, newAddress, wanted) != 0) return -(long)LinuxErrno.EFAULT;
            if (!ValidTimeval(wanted) || !ValidTimeval(wanted.Slice(16))) return -(long)LinuxErrno.EINVAL;
            ulong interval = Nanoseconds(wanted), value = Nanoseconds(wanted.Slice(16));
            if (which != Real && (interval != 0 || value != 0)) return -(long)LinuxErrno.EINVAL;
            Span<byte> old = stackalloc byte[32];
            if (which == Real) Current(record, old);
            else old.Clear();
            if (which == Real) Arm(record, value, interval);
            return oldAddress != 0 ? UserMemory.Write(process.Endpoint, oldAddress, old) : 0;
        }

        // alarm(seconds): the seconds that were left on the timer (rounded as Linux rounds them:
        // up from half a second, and never 0 while one is pending).
        public static long Alarm(int record, long seconds)
        {
            ulong left = Left(record);
            ulong oldSeconds = left / PmClock.NanosecondsPerSecond, rest = left % PmClock.NanosecondsPerSecond;
            if (oldSeconds == 0 && rest != 0 || rest >= PmClock.NanosecondsPerSecond / 2) oldSeconds++;
            Arm(record, (ulong)(uint)seconds * PmClock.NanosecondsPerSecond, 0);
            return (long)oldSeconds;
        }

        public static void Expired(int record, ulong deadline, ulong now)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            if (process.AlarmInterval != 0)
            {
                ulong next = deadline + process.AlarmInterval;
                if (next <= now) next += (now - next) / process.AlarmInterval * process.AlarmInterval + process.AlarmInterval;
                ProcessTimers.Set(record, TimerKind.Alarm, next);
            }
            Signals.Raise(record, SignalInfo.FromKernel(LinuxSignals.SIGALRM));
        }

        private static void Arm(int record, ulong value, ulong interval)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            process.AlarmInterval = interval;
            if (value == 0) ProcessTimers.Cancel(record, TimerKind.Alarm);
            else ProcessTimers.Set(record, TimerKind.Alarm, PmClock.MonotonicNow() + value);
        }

        private static ulong Left(int record)
        {
            ulong deadline = ProcessTimers.DeadlineOf(record, TimerKind.Alarm), now = PmClock.MonotonicNow();
            return deadline > now ? deadline - now : deadline == 0 ? 0UL : 1UL;
        }

        // struct itimerval: it_interval, then it_value, each a timeval.
        private static void Current(int record, Span<byte> value)
        {
            PutTimeval(value, PosixProcesses.At(record).AlarmInterval);
            PutTimeval(value.Slice(16), Left(record));
        }

        private static void PutTimeval(Span<byte> at, ulong nanoseconds)
        {
            // A pending timer never reads as zero: Linux rounds its remaining time up to a microsecond.
            ulong microseconds = (nanoseconds + NanosecondsPerMicrosecond - 1) / NanosecondsPerMicrosecond;
            BinaryPrimitives.WriteInt64LittleEndian(at, (long)(microseconds / 1_000_000));
            BinaryPrimitives.WriteInt64LittleEndian(at.Slice(8), (long)(microseconds % 1_000_000));
        }

        private static bool ValidTimeval(ReadOnlySpan<byte> at)
        {
            long seconds = BinaryPrimitives.ReadInt64LittleEndian(at), microseconds = BinaryPrimitives.ReadInt64LittleEndian(at.Slice(8));
            return seconds >= 0 && microseconds >= 0 && microseconds < 1_000_000;
        }

        private static ulong Nanoseconds(ReadOnlySpan<byte> at) =>
            (ulong)Sleeps.Nanoseconds(BinaryPrimitives.ReadInt64LittleEndian(at), BinaryPrimitives.ReadInt64LittleEndian(at.Slice(8)) * (long)NanosecondsPerMicrosecond);
    }
}
