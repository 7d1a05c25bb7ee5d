using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // Scheduling as programs ask about it: the processors a process may run on (its affinity,
    // kept and applied by the kernel: AFFINITY), and nice values (getpriority, setpriority by process, process group or user, with Linux's
    // permission rules). Lunix's scheduler gives every POSIX process the same priority: a nice
    // value is kept, inherited and reported, and does not yet change how often a process runs.
    // sched_yield is the kernel's (Kernel/Ipc/PosixDoor.cs).
    internal static class SchedulingCalls
    {
        private const long ProcessWhich = 0, GroupWhich = 1, UserWhich = 2;

        private const int MaskBytes = 8;                // Linux's cpumask_size() for up to 64 processors

        // sched_getaffinity(pid, size, mask): the bytes written (a long's worth).
        public static long GetAffinity(int record, long pid, long size, ulong address)
        {
            if (size < MaskBytes || (size & 7) != 0) return -(long)LinuxErrno.EINVAL;
            int target = PosixProcesses.LiveNamed(record, pid);
            if (target == PosixProcesses.None) return -(long)LinuxErrno.ESRCH;
            long mask = Syscalls.KernelCall(KernelCalls.Affinity, PosixProcesses.At(target).Endpoint, 0);
            if (IsError(mask)) return -(long)LinuxErrno.ESRCH;
            return UserMemory.WriteUInt64(PosixProcesses.At(record).Endpoint, address, (ulong)mask) != 0 ? -(long)LinuxErrno.EFAULT : MaskBytes;
        }

        // sched_setaffinity(pid, size, mask): a shorter mask is zero-extended, a longer one's
        // bytes past the first 8 (processors 64 and up, which Lunix never starts) are not read.
        // EINVAL when no processor of it is online; another user's process needs privilege.
        public static long SetAffinity(int record, long pid, long size, ulong address)
        {
            Span<byte> bytes = stackalloc byte[MaskBytes];
            bytes.Clear();
            int length = (int)Math.Min((ulong)size, MaskBytes);
            if (size < 0) return -(long)LinuxErrno.EINVAL;
            if (UserMemory.Read(PosixProcesses.At(record).Endpoint, address, bytes.Slice(0, length)) != 0) return -(long)LinuxErrno.EFAULT;
            int target = PosixProcesses.LiveNamed(record, pid);
            if (target == PosixProcesses.None) return -(long)LinuxErrno.ESRCH;
            ref Identity caller = ref PosixProcesses.At(record).Ids;
            ref Identity its = ref PosixProcesses.At(target).Ids;
            if (!caller.Privileged && caller.Euid != its.Euid && caller.Euid != its.Ruid) return -(long)LinuxErrno.EPERM;
            ulong mask = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            if (mask == 0) return -(long)LinuxErrno.EINVAL;
            return IsError(Syscalls.KernelCall(KernelCalls.Affinity, PosixProcesses.At(target).Endpoint, (long)mask)) ? -(long)LinuxErrno.EINVAL : 0;
        }

        // AFFINITY answers a mask, which is negative when processor 63 is in it.
        private static bool IsError(long result) => result < 0 && result >= -4095;

        // getpriority: 20 - nice of the highest-priority process named (the kernel's form: 1..40).
        public static long GetPriority(int record, long which, long who)
        {
            if (which < ProcessWhich || which > UserWhich) return -(long)LinuxErrno.EINVAL;
            int best = int.MaxValue;
            for (int other = 0; other < PosixProcesses.Count; other++)
                if (Named(record, which, who, other)) best = Math.Min(best, PosixProcesses.At(other).Nice);
            return best == int.MaxValue ? -(long)LinuxErrno.ESRCH : 20 - best;
        }

        // setpriority: the nice value (clamped to -20..19) for every process named; lowering it
        // needs privilege (EACCES), another user's process EPERM.
        public static long SetPriority(int record, long which, long who, long nice)
        {
            if (which < ProcessWhich || which > UserWhich) return -(long)LinuxErrno.EINVAL;
            int value = (int)Math.Max(-20, Math.Min(19, nice));
            ref Identity caller = ref PosixProcesses.At(record).Ids;
            long result = -(long)LinuxErrno.ESRCH;
            for (int other = 0; other < PosixProcesses.Count; other++)
            {
                if (!Named(record, which, who, other)) continue;
                ref PosixProcess target = ref PosixProcesses.At(other);
                if (!caller.Privileged && caller.Euid != target.Ids.Euid && caller.Euid != target.Ids.Ruid) { result = -(long)LinuxErrno.EPERM; continue; }
                if (value < target.Nice && !caller.Privileged) { result = -(long)LinuxErrno.EACCES; continue; }
                target.Nice = value;
                if (result == -(long)LinuxErrno.ESRCH) result = 0;
            }
            return result;
        }

        private static bool Named(int record, long which, long who, int other)
        {
            ref PosixProcess process = ref PosixProcesses.At(other);
            if (!process.IsAlive) return false;
            ref PosixProcess caller = ref PosixProcesses.At(record);
            return which switch
            {
                ProcessWhich => who == 0 ? other == record : process.Pid == who,
                GroupWhich => process.ProcessGroup == (who == 0 ? caller.ProcessGroup : who),
                _ => process.Ids.Ruid == (who == 0 ? caller.Ids.Ruid : (uint)who),
            };
        }
    }
}
