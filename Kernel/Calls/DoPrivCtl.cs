using Lunix.Abi;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Calls
{
    // PRIVCTL: changes another process's privileges (MINIX's do_privctl, its basic form).
    // a0 = target endpoint, a1 = request: StopGranting clears the target's kernel-call mask (it
    // becomes a restricted process), CopyPrivileges gives it the caller's privileges (IPC
    // primitives, send targets, kernel calls, I/O port ranges). Returns 0, EINVAL for a bad
    // request, EDEADSRCDST for a target that is not a live endpoint, EPERM for the caller
    // itself (a process cannot lock itself out).
    internal static class DoPrivCtl
    {
        public const int StopGranting = 1;
        public const int CopyPrivileges = 2;

        public static long Run(int slot, long endpoint, long request)
        {
            if (request != StopGranting && request != CopyPrivileges) return -(long)Errno.EINVAL;
            if (!IpcProcesses.TryResolve(endpoint, out int target)) return -(long)Errno.EDEADSRCDST;
            if (target == slot) return -(long)Errno.EPERM;
            if (request == StopGranting)
                IpcProcesses.PrivilegesOf(target).ClearCalls();
            else
                IpcProcesses.PrivilegesOf(target) = IpcProcesses.PrivilegesOf(slot);
            return 0;
        }
    }
}
