using Lunix.Abi;
using Lunix.Kernel.Process;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Calls
{
    // CLEAR, RESTART, SPAWN and UPDATE act on a process only for the process that handles its
    // signals: its signal manager (RS for the services it manages), or, for a process that is its
    // own manager (RS), its backup manager while RS updates itself (KernelSignals.TryBackupOf).
    // No one else may end or replace a service. No process may CLEAR or RESTART itself; SPAWN
    // and UPDATE name the caller itself only in RS's update of itself.
    internal static class ManagedTarget
    {
        public static Errno Resolve(int caller, long endpoint, out int target)
        {
            if (!IpcProcesses.TryResolve(endpoint, out target)) return Errno.EDEADSRCDST;
            if (target == caller) return Errno.EPERM;
            return Manages(caller, target) ? Errno.Ok : Errno.EPERM;
        }

        // PM's calls on a Linux program it manages (POSIXIDS, FUTEXKEY, AFFINITY): EINVAL for a
        // process that is not one.
        public static Errno ResolvePosix(int caller, long endpoint, out int target)
        {
            Errno refused = Resolve(caller, endpoint, out target);
            if (refused != Errno.Ok) return refused;
            return ProcessTable.Slot(target).Posix ? Errno.Ok : Errno.EINVAL;
        }

        // SPAWN: also the caller itself when it is its own signal manager (RS's new version).
        public static Errno ResolveOrSelf(int caller, long endpoint, out int target)
        {
            if (!IpcProcesses.TryResolve(endpoint, out target)) return Errno.EDEADSRCDST;
            return Manages(caller, target) ? Errno.Ok : Errno.EPERM;
        }

        // UPDATE's two processes: both managed by the caller (RS updating a service), or the caller
        // and its other version: RS, its own manager, and the copy of itself it spawned; or, for
        // the rollback, RS's slot and the old RS in the spare slot, which is RS's backup manager.
        public static Errno ResolvePair(int caller, long endpoint, long otherEndpoint, out int first, out int second)
        {
            second = -1;
            if (!IpcProcesses.TryResolve(endpoint, out first) || !IpcProcesses.TryResolve(otherEndpoint, out second)) return Errno.EDEADSRCDST;
            if (first == second) return Errno.EINVAL;
            int other = first == caller ? second : second == caller ? first : -1;
            bool allowed = other < 0 ? Manages(caller, first) && Manages(caller, second)
                         : KernelSignals.IsOwnManager(caller) ? Manages(caller, other)
                         : KernelSignals.TryBackupOf(other, out int backup) && backup == caller;
            return allowed ? Errno.Ok : Errno.EPERM;
        }

        // A process manages itself when it is its own signal manager (RS).
        private static bool Manages(int caller, int target) =>
            IpcProcesses.PrivilegesOf(target).TryGetSignalManager(out int manager) && manager == caller
            || KernelSignals.TryBackupOf(target, out int backup) && backup == caller;
    }
}
