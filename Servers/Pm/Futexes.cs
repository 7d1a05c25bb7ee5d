using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // futex(2) as Linux answers it: FUTEX_WAIT and FUTEX_WAIT_BITSET hold the caller's call
    // (HeldCall.Futex) while its word still holds the value it expects; FUTEX_WAKE,
    // FUTEX_WAKE_BITSET, FUTEX_REQUEUE and FUTEX_CMP_REQUEUE answer held waiters, oldest first.
    // A futex is its key: a FUTEX_PRIVATE_FLAG futex is the process's own (its pid and the
    // address); a shared one in MAP_SHARED memory is the word's physical page and offset
    // (FUTEXKEY), the same for every process mapping it; a shared one in private memory is the
    // process's own again but, as on Linux, not the same as the private one at that address.
    // PM serves one call at a time, so the value check and the queueing are one step: a wake
    // cannot slip in between. A waiter ends with 0 when woken, ETIMEDOUT at its deadline; a
    // handler that runs meanwhile makes a wait without a timeout start again (SA_RESTART) or
    // fail with EINTR, and a wait with one fail with EINTR (Linux's ERESTARTSYS and
    // ERESTART_RESTARTBLOCK as a program sees them). The priority-inheritance operations and FUTEX_WAKE_OP are ENOSYS.
    internal static class Futexes
    {
        private const int Wait = 0, Wake = 1, Requeue = 3, CmpRequeue = 4, WaitBitset = 9, WakeBitset = 10;
        private const int PrivateFlag = 128, ClockRealtime = 256;
        private const uint MatchAny = 0xFFFFFFFF;

        private static ulong s_arrivals;

        // futex(uaddr, op, val, timeout or val2, uaddr2, val3).
        public static long Call(int record, ulong address, int op, uint value, ulong timeout, ulong address2, uint value3)
        {
            int command = op & ~(PrivateFlag | ClockRealtime);
            bool isPrivate = (op & PrivateFlag) != 0;
            // Linux 5.13 and later take FUTEX_CLOCK_REALTIME with FUTEX_WAIT_BITSET only.
            if ((op & ClockRealtime) != 0 && command != WaitBitset) return -(long)LinuxErrno.ENOSYS;
            switch (command)
            {
                case Wait:
                    return WaitOn(record, address, isPrivate, value, timeout, absolute: false, realtime: false, MatchAny);
                case WaitBitset:
                    return WaitOn(record, address, isPrivate, value, timeout, absolute: true, (op & ClockRealtime) != 0, value3);
                case Wake:
                    return WakeUp(record, address, isPrivate, (int)value, MatchAny);
                case WakeBitset:
                    return WakeUp(record, address, isPrivate, (int)value, value3);
                case Requeue:
                    return Move(record, address, isPrivate, (int)value, (int)timeout, address2, compare: false, 0);
                case CmpRequeue:
                    return Move(record, address, isPrivate, (int)value, (int)timeout, address2, compare: true, value3);
                default:
                    return -(long)LinuxErrno.ENOSYS;
            }
        }

        private static long WaitOn(int record, ulong address, bool isPrivate, uint expected, ulong timeoutAddress, bool absolute,
                                   bool realtime, uint bitset)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            ulong deadline = 0;
            if (timeoutAddress != 0)
            {
                if (UserMemory.ReadPair(process.Endpoint, timeoutAddress, out long seconds, out long nanoseconds) != 0) return -(long)LinuxErrno.EFAULT;
                if (!Sleeps.IsValid(seconds, nanoseconds)) return -(long)LinuxErrno.EINVAL;
                deadline = Deadline(Sleeps.Nanoseconds(seconds, nanoseconds), absolute, realtime);
            }
            if (bitset == 0) return -(long)LinuxErrno.EINVAL;
            long keyed = KeyOf(record, address, isPrivate, out FutexKey key);
            if (keyed != 0) return keyed;
            if (UserMemory.ReadUInt32(process.Endpoint, address, out uint word) != 0) return -(long)LinuxErrno.EFAULT;
            if (word != expected) return -(long)LinuxErrno.EAGAIN;
            if (timeoutAddress != 0 && deadline <= PmClock.MonotonicNow()) return -(long)LinuxErrno.ETIMEDOUT;
            process.Held = HeldCall.Futex;
            process.Futex = new FutexWait { Key = key, Bitset = bitset, Arrival = ++s_arrivals, Timed = timeoutAddress != 0 };
            if (timeoutAddress != 0) ProcessTimers.Set(record, TimerKind.Futex, deadline);
            return ProcessCalls.NoReply;
        }

        // On CLOCK_MONOTONIC: FUTEX_WAIT's timeout is relative, FUTEX_WAIT_BITSET's a time on
        // CLOCK_MONOTONIC, or CLOCK_REALTIME with FUTEX_CLOCK_REALTIME.
        private static ulong Deadline(long nanoseconds, bool absolute, bool realtime)
        {
            if (!absolute) return PmClock.MonotonicNow() + (ulong)nanoseconds;
            long at = realtime ? PmClock.MonotonicOfRealtime(nanoseconds) : nanoseconds;
            return at <= 0 ? 1 : (ulong)at;
        }

        private static long WakeUp(int record, ulong address, bool isPrivate, int count, uint bitset)
        {
            if (bitset == 0) return -(long)LinuxErrno.EINVAL;
            long keyed = KeyOf(record, address, isPrivate, out FutexKey key);
            if (keyed != 0) return keyed;
            return WakeWaiters(in key, count, bitset);
        }

        // Wakes up to `count` waiters of `key` whose bitset shares a bit with `bitset`, oldest first
        // (one at least when there is one: Linux's count of 0 wakes one too). Returns how many.
        public static int WakeWaiters(in FutexKey key, int count, uint bitset)
        {
            int woken = 0;
            for (int waiter = Oldest(in key, bitset); waiter >= 0; waiter = Oldest(in key, bitset))
            {
                HeldCalls.Finish(waiter, 0);
                if (++woken >= count) break;
            }
            return woken;
        }

        // FUTEX_REQUEUE and FUTEX_CMP_REQUEUE: wakes `wake` waiters of the first futex and moves up
        // to `move` more to the second; returns both counts together, as Linux does.
        private static long Move(int record, ulong address, bool isPrivate, int wake, int move, ulong address2, bool compare, uint expected)
        {
            if (wake < 0 || move < 0) return -(long)LinuxErrno.EINVAL;
            long keyed = KeyOf(record, address, isPrivate, out FutexKey from);
            if (keyed != 0) return keyed;
            keyed = KeyOf(record, address2, isPrivate, out FutexKey to);
            if (keyed != 0) return keyed;
            if (compare)
            {
                if (UserMemory.ReadUInt32(PosixProcesses.At(record).Endpoint, address, out uint word) != 0) return -(long)LinuxErrno.EFAULT;
                if (word != expected) return -(long)LinuxErrno.EAGAIN;
            }
            int done = 0;
            while (done - wake < move)
            {
                int waiter = Oldest(in from, MatchAny);
                if (waiter < 0) break;
                if (++done <= wake) HeldCalls.Finish(waiter, 0);
                else
                {
                    PosixProcesses.At(waiter).Futex.Key = to;
                    PosixProcesses.At(waiter).Futex.Arrival = ++s_arrivals;
                }
            }
            return done;
        }

        // The waiter of `key` that came first, among those whose bitset meets `bitset`; -1 for none.
        private static int Oldest(in FutexKey key, uint bitset)
        {
            int oldest = -1;
            for (int record = 0; record < PosixProcesses.Count; record++)
            {
                ref PosixProcess process = ref PosixProcesses.At(record);
                if (!process.IsAlive || process.Held != HeldCall.Futex || !process.Futex.Key.Equals(key) || (process.Futex.Bitset & bitset) == 0) continue;
                if (oldest < 0 || process.Futex.Arrival < PosixProcesses.At(oldest).Futex.Arrival) oldest = record;
            }
            return oldest;
        }

        // 0 and the key, EINVAL for a misaligned word, EFAULT for one the process does not map.
        public static long KeyOf(int record, ulong address, bool isPrivate, out FutexKey key)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            key = default;
            if ((address & 3) != 0) return -(long)LinuxErrno.EINVAL;
            if (isPrivate)
            {
                key = new FutexKey(FutexKey.Private, process.Pid, address);
                return 0;
            }
            long physical = Syscalls.KernelCall(KernelCalls.FutexKey, process.Endpoint, (long)address);
            // A page the process never touched is not there yet: reading the word has VM back it
            // (as Linux's futex faults it in), and then it has a frame to name.
            if (physical < 0 && UserMemory.ReadUInt32(process.Endpoint, address, out _) == 0)
                physical = Syscalls.KernelCall(KernelCalls.FutexKey, process.Endpoint, (long)address);
            if (physical < 0) return -(long)LinuxErrno.EFAULT;
            key = physical == 0 ? new FutexKey(FutexKey.SharedInPrivateMemory, process.Pid, address)
                                : new FutexKey(FutexKey.Physical, 0, (ulong)physical);
            return 0;
        }
    }
}
