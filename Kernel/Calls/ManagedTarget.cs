using Lunix.Ipc;

namespace Lunix.Kernel.Calls
{
    // CLEAR and RESTART act on a process only for its own signal manager (RS for the services it
    // manages): no one else may end or replace a service, and no process itself.
    internal static class ManagedTarget
    {
        public static Errno Resolve(int caller, long endpoint, out int target)
        {
            if (!IpcDoor.TryResolve(endpoint, out target)) return Errno.EDEADSRCDST;
            if (target == caller) return Errno.EPERM;
            if (!IpcDoor.PrivilegesOf(target).TryGetSignalManager(out int manager) || manager != caller) return Errno.EPERM;
            return Errno.Ok;
        }
    }
}
