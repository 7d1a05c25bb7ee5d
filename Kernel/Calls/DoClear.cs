using Lunix.Ipc;
using Lunix.Kernel.Console;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // CLEAR: end a process the caller manages (MINIX's sys_clear): RS takes down a service that
    // failed its initialisation or cannot be restarted. Its endpoint dies with it.
    internal static class DoClear
    {
        public static long Run(int slot, long endpoint)
        {
            Errno refused = ManagedTarget.Resolve(slot, endpoint, out int target);
            if (refused != Errno.Ok) return -(long)refused;
            SystemConsole.Print("lunix: %s (slot %d) cleared by %s\n", ProcessTable.ImageOf(target).Name, target, ProcessTable.ImageOf(slot).Name);
            ProcessLifecycle.End(target, ProcessState.Free);
            return 0;
        }
    }
}
