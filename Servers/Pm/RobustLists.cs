using Lunix.Abi.Linux;

namespace Lunix.Servers.Pm
{
    // Robust futexes (set_robust_list, get_robust_list): a process names the list of the
    // futex-based locks it holds (struct robust_list_head: next, futex_offset, list_op_pending),
    // and when it ends PM does what Linux's exit_robust_list does for each lock whose word still
    // holds its thread id: sets FUTEX_OWNER_DIED, keeps FUTEX_WAITERS, and wakes one waiter, so
    // that the next pthread_mutex_lock of a robust mutex returns EOWNERDEAD instead of waiting
    // forever. The list lives in the process's memory and may be corrupt: it is walked at most
    // ListLimit entries, and any read that fails ends the walk.
    internal static class RobustLists
    {
        private const ulong HeadBytes = 24;
        private const int ListLimit = 2048;             // Linux's ROBUST_LIST_LIMIT
        private const uint Waiters = 0x80000000, OwnerDied = 0x40000000, TidMask = 0x3FFFFFFF;

        public static long Set(int record, ulong head, ulong length)
        {
            if (length != HeadBytes) return -(long)LinuxErrno.EINVAL;
            PosixProcesses.At(record).RobustList = head;
            return 0;
        }

        // pid 0: the caller's own.
        public static long Get(int record, int pid, ulong headAddress, ulong lengthAddress)
        {
            int named = PosixProcesses.LiveNamed(record, pid);
            if (named == PosixProcesses.None) return -(long)LinuxErrno.ESRCH;
            int endpoint = PosixProcesses.At(record).Endpoint;
            if (UserMemory.WriteUInt64(endpoint, lengthAddress, HeadBytes) != 0) return -(long)LinuxErrno.EFAULT;
            if (UserMemory.WriteUInt64(endpoint, headAddress, PosixProcesses.At(named).RobustList) != 0) return -(long)LinuxErrno.EFAULT;
            return 0;
        }

        // The process ends: every lock on its list, then the one it was taking or releasing.
        public static void Release(int record)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            ulong head = process.RobustList;
            process.RobustList = 0;
            if (head == 0) return;
            int endpoint = process.Endpoint;
            if (UserMemory.ReadUInt64(endpoint, head, out ulong entry) != 0
                || UserMemory.ReadUInt64(endpoint, head + 8, out ulong offset) != 0
                || UserMemory.ReadUInt64(endpoint, head + 16, out ulong pending) != 0)
                return;
            // Bit 0 of a list pointer marks a priority-inheritance lock, which Lunix does not have.
            for (int walked = 0; (entry & ~1UL) != head && walked < ListLimit; walked++)
            {
                ulong at = entry & ~1UL;
                if (UserMemory.ReadUInt64(endpoint, at, out ulong next) != 0) return;
                if (at != (pending & ~1UL)) OwnerDies(record, at + offset, pendingOperation: false);
                entry = next;
            }
            if ((pending & ~1UL) != 0) OwnerDies(record, (pending & ~1UL) + offset, pendingOperation: true);
        }

        // Linux's handle_futex_death for one lock word.
        private static void OwnerDies(int record, ulong address, bool pendingOperation)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            if ((address & 3) != 0 || UserMemory.ReadUInt32(process.Endpoint, address, out uint word) != 0) return;
            // It died between taking the lock's list entry and the lock: whoever waits must retry.
            if (pendingOperation && word == 0)
            {
                WakeOne(record, address);
                return;
            }
            if ((word & TidMask) != (uint)process.Pid) return;
            if (UserMemory.WriteInt32(process.Endpoint, address, (int)((word & Waiters) | OwnerDied)) != 0) return;
            if ((word & Waiters) != 0) WakeOne(record, address);
        }

        // As a shared futex, which a process-shared lock's waiters in other processes wait on.
        private static void WakeOne(int record, ulong address)
        {
            if (Futexes.KeyOf(record, address, isPrivate: false, out FutexKey key) == 0) Futexes.WakeWaiters(in key, 1, 0xFFFFFFFF);
        }
    }
}
