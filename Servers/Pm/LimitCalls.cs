using System;
using System.Buffers.Binary;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Pm
{
    // prlimit64, getrlimit and setrlimit (ResourceLimits): struct rlimit is two 64-bit words,
    // RLIM_INFINITY all ones. prlimit64 may name another process (pid 0: the caller), which the
    // caller needs the uid of or privilege for (EPERM); the old limit is written before the new
    // one is set, as Linux does. A new RLIMIT_NOFILE soft limit is VFS's news (it enforces it).
    internal static class LimitCalls
    {
        public static long Prlimit(int record, long pid, long resource, ulong newAddress, ulong oldAddress)
        {
            if (resource < 0 || resource >= ResourceLimits.Count) return -(long)LinuxErrno.EINVAL;
            int target = PosixProcesses.LiveNamed(record, pid);
            if (target == PosixProcesses.None) return -(long)LinuxErrno.ESRCH;
            ref PosixProcess caller = ref PosixProcesses.At(record);
            ref Identity theirs = ref PosixProcesses.At(target).Ids;
            if (target != record && !caller.Ids.Privileged
                && !(caller.Ids.Ruid == theirs.Ruid && caller.Ids.Ruid == theirs.Euid && caller.Ids.Ruid == theirs.Suid
                     && caller.Ids.Rgid == theirs.Rgid && caller.Ids.Rgid == theirs.Egid && caller.Ids.Rgid == theirs.Sgid))
                return -(long)LinuxErrno.EPERM;
            ref ResourceLimit limit = ref ResourceLimits.Of(target, (int)resource);
            ResourceLimit wanted = default;
            if (newAddress != 0)
            {
                Span<byte> bytes = stackalloc byte[16];
                if (UserMemory.Read(caller.Endpoint, newAddress, bytes) != 0) return -(long)LinuxErrno.EFAULT;
                wanted.Current = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
                wanted.Maximum = BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(8));
                LinuxErrno refused = ResourceLimits.Check(in limit, in wanted, (int)resource, caller.Ids.Privileged);
                if (refused != 0) return -(long)refused;
            }
            if (oldAddress != 0 && UserMemory.WritePair(caller.Endpoint, oldAddress, (long)limit.Current, (long)limit.Maximum) != 0)
                return -(long)LinuxErrno.EFAULT;
            if (newAddress == 0) return 0;
            ResourceLimit before = limit;
            limit = wanted;
            if (resource != ResourceLimits.Files || wanted.Current == before.Current) return 0;
            // VFS hands out the descriptors: it must hear of the new soft limit, or the old one stays.
            long told = VfsNews.OpenFileLimitChanged(in PosixProcesses.At(target));
            if (told == 0 || VfsNews.NotKnown(told)) return 0;
            limit = before;
            return told;
        }
    }
}
