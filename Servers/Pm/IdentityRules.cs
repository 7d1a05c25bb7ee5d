using Lunix.Abi.Linux;

namespace Lunix.Servers.Pm
{
    // The set*id calls by Linux's rules (kernel/sys.c): a privileged process (effective uid 0,
    // Linux's CAP_SETUID and CAP_SETGID for root) may set any id; another may only move its ids
    // among the values it already holds. (uid_t)-1 leaves an id as it is. Every process starts
    // as root, so these matter once a program gives root up.
    internal static class IdentityRules
    {
        public const uint Unchanged = uint.MaxValue;

        public static LinuxErrno SetUid(ref Identity ids, uint uid)
        {
            if (uid == Unchanged) return LinuxErrno.EINVAL;
            if (ids.Privileged) ids.Ruid = ids.Euid = ids.Suid = uid;
            else if (uid == ids.Ruid || uid == ids.Suid) ids.Euid = uid;
            else return LinuxErrno.EPERM;
            return 0;
        }

        public static LinuxErrno SetGid(ref Identity ids, uint gid)
        {
            if (gid == Unchanged) return LinuxErrno.EINVAL;
            if (ids.Privileged) ids.Rgid = ids.Egid = ids.Sgid = gid;
            else if (gid == ids.Rgid || gid == ids.Sgid) ids.Egid = gid;
            else return LinuxErrno.EPERM;
            return 0;
        }

        public static LinuxErrno SetReUid(ref Identity ids, uint real, uint effective)
        {
            bool privileged = ids.Privileged;
            if (real != Unchanged && real != ids.Ruid && real != ids.Euid && !privileged) return LinuxErrno.EPERM;
            if (effective != Unchanged && effective != ids.Ruid && effective != ids.Euid && effective != ids.Suid && !privileged) return LinuxErrno.EPERM;
            uint oldReal = ids.Ruid;
            if (real != Unchanged) ids.Ruid = real;
            if (effective != Unchanged) ids.Euid = effective;
            if (real != Unchanged || effective != Unchanged && effective != oldReal) ids.Suid = ids.Euid;
            return 0;
        }

        public static LinuxErrno SetReGid(ref Identity ids, uint real, uint effective)
        {
            bool privileged = ids.Privileged;
            if (real != Unchanged && real != ids.Rgid && real != ids.Egid && !privileged) return LinuxErrno.EPERM;
            if (effective != Unchanged && effective != ids.Rgid && effective != ids.Egid && effective != ids.Sgid && !privileged) return LinuxErrno.EPERM;
            uint oldReal = ids.Rgid;
            if (real != Unchanged) ids.Rgid = real;
            if (effective != Unchanged) ids.Egid = effective;
            if (real != Unchanged || effective != Unchanged && effective != oldReal) ids.Sgid = ids.Egid;
            return 0;
        }

        public static LinuxErrno SetResUid(ref Identity ids, uint real, uint effective, uint saved)
        {
            if (!ids.Privileged && (!Held(real, ids.Ruid, ids.Euid, ids.Suid) || !Held(effective, ids.Ruid, ids.Euid, ids.Suid)
                                    || !Held(saved, ids.Ruid, ids.Euid, ids.Suid)))
                return LinuxErrno.EPERM;
            if (real != Unchanged) ids.Ruid = real;
            if (effective != Unchanged) ids.Euid = effective;
            if (saved != Unchanged) ids.Suid = saved;
            return 0;
        }

        public static LinuxErrno SetResGid(ref Identity ids, uint real, uint effective, uint saved)
        {
            if (!ids.Privileged && (!Held(real, ids.Rgid, ids.Egid, ids.Sgid) || !Held(effective, ids.Rgid, ids.Egid, ids.Sgid)
                                    || !Held(saved, ids.Rgid, ids.Egid, ids.Sgid)))
                return LinuxErrno.EPERM;
            if (real != Unchanged) ids.Rgid = real;
            if (effective != Unchanged) ids.Egid = effective;
            if (saved != Unchanged) ids.Sgid = saved;
            return 0;
        }

        // kill's permission (Linux's kill_ok_by_cred): the sender is privileged, or its real or
        // effective uid is the target's real or saved uid.
        public static bool MaySignal(in Identity sender, in Identity target) =>
            sender.Privileged || sender.Euid == target.Suid || sender.Euid == target.Ruid || sender.Ruid == target.Suid || sender.Ruid == target.Ruid;

        private static bool Held(uint wanted, uint a, uint b, uint c) => wanted == Unchanged || wanted == a || wanted == b || wanted == c;
    }
}
