using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // reboot(2): checked (RebootCommand), VFS syncs everything written, then the kernel halts,
    // powers off or restarts the machine (REBOOT). The call returns only for the commands that
    // change nothing and for errors.
    internal static class RebootCall
    {
        public static long Reboot(int record, long magic1, long magic2, long command)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            LinuxErrno refused = RebootCommand.Decide(magic1, magic2, command, process.Ids.Privileged, out int request);
            if (refused != 0) return -(long)refused;
            if (request == RebootCommand.Nothing) return 0;
            VfsNews.Sync(in process);
            new ConsoleLine(stackalloc char[64]).Append("pm: reboot(2) by pid ").Append((ulong)process.Pid).Print();
            Kernel.Reboot(request);
            return -(long)LinuxErrno.EINVAL;
        }
    }
}
