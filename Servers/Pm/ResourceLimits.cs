using Lunix.Abi.Linux;

namespace Lunix.Servers.Pm
{
    // Each process's resource limits (getrlimit, setrlimit, prlimit64), by record: Linux's
    // sixteen, with the values a Linux init starts with. fork and execve keep them. PM enforces
    // what is PM's: RLIMIT_NPROC at fork (for other users than root, as Linux) and
    // RLIMIT_SIGPENDING for queued signals; VFS enforces RLIMIT_NOFILE, whose soft limit PM tells
    // it (VfsNews); the others are kept and reported for the servers and programs that read them.
    internal struct ResourceLimit
    {
        public ulong Current, Maximum;
    }

    internal static class ResourceLimits
    {
        public const int Count = 16;
        public const int Cpu = 0, FileSize = 1, Data = 2, Stack = 3, Core = 4, Resident = 5, Processes = 6, Files = 7, MemoryLock = 8,
                         AddressSpace = 9, Locks = 10, SignalQueue = 11, MessageQueues = 12, Nice = 13, RealTimePriority = 14,
                         RealTimeTime = 15;
        public const ulong Infinity = ulong.MaxValue;
        public const ulong MaximumOpenFiles = 1048576;     // Linux's fs.nr_open

        private static readonly ResourceLimit[] s_limits = new ResourceLimit[PosixProcesses.MaxProcesses * Count];

        public static ref ResourceLimit Of(int record, int resource) => ref s_limits[record * Count + resource];

        public static void SetDefaults(int record)
        {
            for (int resource = 0; resource < Count; resource++) Of(record, resource) = DefaultOf(resource);
        }

        public static void Copy(int from, int to)
        {
            for (int resource = 0; resource < Count; resource++) Of(to, resource) = Of(from, resource);
        }

        public static ResourceLimit DefaultOf(int resource) => resource switch
        {
            Stack => new ResourceLimit { Current = 8UL << 20, Maximum = Infinity },
            Core => new ResourceLimit { Current = 0, Maximum = Infinity },
            Processes => new ResourceLimit { Current = PosixProcesses.MaxProcesses, Maximum = PosixProcesses.MaxProcesses },
            Files => new ResourceLimit { Current = 1024, Maximum = 4096 },
            MemoryLock => new ResourceLimit { Current = 8UL << 20, Maximum = 8UL << 20 },
            SignalQueue => new ResourceLimit { Current = PendingSignals.QueuePool, Maximum = PendingSignals.QueuePool },
            MessageQueues => new ResourceLimit { Current = 819200, Maximum = 819200 },
            Nice or RealTimePriority => new ResourceLimit { Current = 0, Maximum = 0 },
            _ => new ResourceLimit { Current = Infinity, Maximum = Infinity },
        };

        // Linux's do_prlimit checks: the soft limit above the hard one is EINVAL, raising the hard
        // limit needs privilege (EPERM), and no process may have more files than fs.nr_open.
        public static LinuxErrno Check(in ResourceLimit current, in ResourceLimit wanted, int resource, bool privileged)
        {
            if (wanted.Current > wanted.Maximum) return LinuxErrno.EINVAL;
            if (wanted.Maximum > current.Maximum && !privileged) return LinuxErrno.EPERM;
            if (resource == Files && wanted.Maximum > MaximumOpenFiles) return LinuxErrno.EPERM;
            return 0;
        }
    }
}
