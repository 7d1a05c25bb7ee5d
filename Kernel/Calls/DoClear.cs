using Lunix.Abi;
using Lunix.Kernel.Console;
using Lunix.Kernel.Process;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Calls
{
    // CLEAR: end a process the caller manages (MINIX's sys_clear): RS takes down a service that
    // failed its initialisation or cannot be restarted, PM a POSIX process that exited or was
    // killed. Its endpoint dies with it. The new RS of
    // RS's own live update clears the old version, which was its backup signal manager: from now
    // on a crash of RS is a panic again.
    internal static class DoClear
    {
        public static long Run(int slot, long endpoint)
        {
            Errno refused = ManagedTarget.Resolve(slot, endpoint, out int target);
            if (refused != Errno.Ok) return -(long)refused;
            if (IpcProcesses.PrivilegesOf(slot).TryGetBackupSignalManager(out int backup) && backup == endpoint)
            {
                Ipc.Privileges caller = IpcProcesses.PrivilegesOf(slot);
                caller.ClearBackupSignalManager();
                Errno unchanged = IpcProcesses.SetPrivileges(slot, caller);
                if (unchanged != Errno.Ok) return -(long)unchanged;
            }
            // A POSIX process's end is PM's business (exit, or a signal it reports itself).
            if (!ProcessTable.Slot(target).Posix)
                SystemConsole.Print("lunix: %s (slot %d) cleared by %s\n", ProcessTable.ImageOf(target).Name, target, ProcessTable.ImageOf(slot).Name);
            ProcessLifecycle.End(target, ProcessState.Free);
            return 0;
        }
    }
}
