using System;
using System.Buffers.Binary;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Pm
{
    // The user and group ids (getuid ... getresgid, the set*id calls by IdentityRules) and the
    // supplementary groups (getgroups, setgroups: up to MaxGroups each, more is EINVAL). Every
    // process starts as root, with no supplementary group, as Linux's init does; a change is
    // told to VFS (its permission checks use the effective ids).
    internal static class IdentityCalls
    {
        public const int MaxGroups = 64;
        private static readonly uint[] s_groups = new uint[PosixProcesses.MaxProcesses * MaxGroups];
        private static readonly int[] s_groupCounts = new int[PosixProcesses.MaxProcesses];

        public static long GetIds(int record, ulong realAddress, ulong effectiveAddress, ulong savedAddress, bool groups)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            ref Identity ids = ref process.Ids;
            if (WriteId(process.Endpoint, realAddress, groups ? ids.Rgid : ids.Ruid) != 0
                || WriteId(process.Endpoint, effectiveAddress, groups ? ids.Egid : ids.Euid) != 0
                || WriteId(process.Endpoint, savedAddress, groups ? ids.Sgid : ids.Suid) != 0)
                return -(long)LinuxErrno.EFAULT;
            return 0;
        }

        // The result of a set*id rule: 0, and VFS told; or the rule's error.
        public static long Changed(int record, LinuxErrno error)
        {
            if (error != 0) return -(long)error;
            VfsNews.SetIds(in PosixProcesses.At(record));
            return 0;
        }

        // getgroups(size, list): the count; with size 0 only the count; EINVAL when it is smaller.
        public static long GetGroups(int record, long size, ulong address)
        {
            int count = s_groupCounts[record];
            if (size == 0) return count;
            if (size < count) return -(long)LinuxErrno.EINVAL;
            Span<byte> bytes = stackalloc byte[MaxGroups * 4];
            for (int i = 0; i < count; i++) BinaryPrimitives.WriteUInt32LittleEndian(bytes.Slice(i * 4), s_groups[record * MaxGroups + i]);
            return UserMemory.Write(PosixProcesses.At(record).Endpoint, address, bytes.Slice(0, count * 4)) != 0 ? -(long)LinuxErrno.EFAULT : count;
        }

        // setgroups(size, list): privileged only (EPERM), at most MaxGroups (EINVAL).
        public static long SetGroups(int record, long size, ulong address)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            if (size < 0 || size > MaxGroups) return -(long)LinuxErrno.EINVAL;
            if (!process.Ids.Privileged) return -(long)LinuxErrno.EPERM;
            Span<byte> bytes = stackalloc byte[MaxGroups * 4];
            if (size > 0 && UserMemory.Read(process.Endpoint, address, bytes.Slice(0, (int)size * 4)) != 0) return -(long)LinuxErrno.EFAULT;
            for (int i = 0; i < size; i++) s_groups[record * MaxGroups + i] = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(i * 4));
            s_groupCounts[record] = (int)size;
            return 0;
        }

        public static void Copy(int from, int to)
        {
            s_groupCounts[to] = s_groupCounts[from];
            for (int i = 0; i < MaxGroups; i++) s_groups[to * MaxGroups + i] = s_groups[from * MaxGroups + i];
        }

        public static void Clear(int record) => s_groupCounts[record] = 0;

        private static long WriteId(int endpoint, ulong address, uint id)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, id);
            return UserMemory.Write(endpoint, address, bytes);
        }
    }
}
