using Lunix.Abi;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Calls
{
    // PRIVCTL: changes another process's privileges (MINIX's do_privctl, its basic form).
    // a0 = target endpoint, a1 = request: StopGranting clears the target's kernel-call mask (it
    // becomes a restricted process), CopyPrivileges gives it the caller's privileges (IPC
    // primitives, send targets, kernel calls, I/O port ranges), MakeUser makes it a user process
    // (MINIX's SYS_PRIV_SET_USER): its own record returns to the pool and it shares the user
    // record, with a user process's rights. A change to a process that shares the user record
    // is made in a record of its own, taken first, never in the shared one (IpcEngine's
    // PrivilegeRecords). Returns 0, EINVAL for a bad request, EDEADSRCDST for a target that is
    // not a live endpoint, EPERM for the caller itself (a process cannot lock itself out), EAGAIN
    // when the target needs a record of its own and none is free (nothing changes).
    internal static class DoPrivCtl
    {
        public const int StopGranting = 1;
        public const int CopyPrivileges = 2;
        public const int MakeUser = 3;

        public static long Run(int slot, long endpoint, long request)
        {
            if (request != StopGranting && request != CopyPrivileges && request != MakeUser) return -(long)Errno.EINVAL;
            if (!IpcProcesses.TryResolve(endpoint, out int target)) return -(long)Errno.EDEADSRCDST;
            if (target == slot) return -(long)Errno.EPERM;
            if (request == MakeUser)
            {
                IpcProcesses.MakeUser(target);
                return 0;
            }
            Privileges changed = request == CopyPrivileges ? IpcProcesses.PrivilegesOf(slot) : IpcProcesses.PrivilegesOf(target);
            if (request == StopGranting) changed.ClearCalls();
            return -(long)IpcProcesses.SetPrivileges(target, changed);
        }
    }
}
