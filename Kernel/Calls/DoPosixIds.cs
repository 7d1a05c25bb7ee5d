using Lunix.Abi;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // POSIXIDS: a0 = the endpoint of a POSIX process the caller manages (PM), a1 = its pid, a2 =
    // its parent's pid. PM sets them when it gives a process its record (fork, a new program) and
    // when the process is re-parented, so that the kernel answers getpid, gettid and getppid
    // itself (PosixDoor) instead of sending each to PM: they are the calls programs make most.
    // EINVAL for a process that is not a Linux program, or ids out of Linux's range.
    internal static class DoPosixIds
    {
        public static long Run(int slot, long endpoint, long pid, long parentPid)
        {
            Errno refused = ManagedTarget.ResolvePosix(slot, endpoint, out int target);
            if (refused != Errno.Ok) return -(long)refused;
            ref Process.Process process = ref ProcessTable.Slot(target);
            if (pid <= 0 || pid > int.MaxValue || parentPid < 0 || parentPid > int.MaxValue) return -(long)Errno.EINVAL;
            process.Pid = (int)pid;
            process.ParentPid = (int)parentPid;
            return 0;
        }
    }
}
