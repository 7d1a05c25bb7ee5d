using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // PRIVCTL: another process's privileges (MINIX's do_privctl). a0 = target endpoint, a1 =
    // request (PrivCtlRequests): StopGranting clears the target's kernel-call mask (it becomes a
    // restricted process), CopyPrivileges gives it the caller's privileges (IPC primitives, send
    // targets, kernel calls, I/O port ranges), Allow lets a boot program the kernel loaded and
    // holds run (RS starting the kernel's boot table in its own order). Returns 0, EINVAL for a
    // bad request or an Allow of a process that is not held, EDEADSRCDST for a target that is not
    // a live endpoint, EPERM for the caller itself (a process cannot lock itself out).
    internal static class DoPrivCtl
    {
        public static long Run(int slot, long endpoint, long request)
        {
            if (request != PrivCtlRequests.StopGranting && request != PrivCtlRequests.CopyPrivileges && request != PrivCtlRequests.Allow)
                return -(long)Errno.EINVAL;
            if (!IpcProcesses.TryResolve(endpoint, out int target)) return -(long)Errno.EDEADSRCDST;
            if (target == slot) return -(long)Errno.EPERM;
            if (request == PrivCtlRequests.Allow) return Allow(target);
            if (request == PrivCtlRequests.StopGranting)
                IpcProcesses.PrivilegesOf(target).ClearCalls();
            else
                IpcProcesses.PrivilegesOf(target) = IpcProcesses.PrivilegesOf(slot);
            return 0;
        }

        private static long Allow(int target)
        {
            if (ProcessTable.Slot(target).State != ProcessState.Loaded) return -(long)Errno.EINVAL;
            Scheduler.MakeRunnable(target);
            return 0;
        }
    }
}
