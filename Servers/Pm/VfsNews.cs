using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // PM's news for VFS (Abi/PmVfsRequests.cs: MINIX's tell_vfs), one SENDREC each; VFS answers
    // at once and never waits on PM. A VFS that does not know a request answers -ENOSYS: PM takes
    // that as "VFS keeps nothing for it" and goes on (a fork still forks, an exit still ends). A
    // VFS that is not there, or answers with something else than a VfsReply, is EIO. The /proc
    // server hears each of Fork, Exec, Exit and SetIds too (ProcFsNews).
    internal static class VfsNews
    {
        public static long Fork(in PosixProcess parent, in PosixProcess child)
        {
            ProcFsNews.Fork(in child);
            PmVfsProcess news = About(in parent);
            news.Child = child.Endpoint;
            return Tell(PmVfsRequests.Fork, in news);
        }

        public static long Exec(in PosixProcess process)
        {
            ProcFsNews.Exec(in process);
            return Tell(PmVfsRequests.Exec, About(in process));
        }

        public static long Exit(in PosixProcess process)
        {
            ProcFsNews.Exit(in process);
            return Tell(PmVfsRequests.Exit, About(in process));
        }

        public static long SetIds(in PosixProcess process)
        {
            ProcFsNews.SetIds(in process);
            return Tell(PmVfsRequests.SetIds, About(in process));
        }

        // The process's terminal flags changed (TerminalFlags): VFS alone needs to hear.
        public static long TerminalFlagsChanged(in PosixProcess process) => Tell(PmVfsRequests.SetIds, About(in process));

        // The process's RLIMIT_NOFILE changed: VFS, which hands out descriptors, alone needs to hear.
        public static long OpenFileLimitChanged(in PosixProcess process) => Tell(PmVfsRequests.SetIds, About(in process));

        // 1 when VFS ended a call of the process, 0 when it held none (or does not know Unpause).
        public static long Unpause(in PosixProcess process)
        {
            long result = Tell(PmVfsRequests.Unpause, About(in process));
            return result > 0 ? 1 : 0;
        }

        public static long Sync(in PosixProcess caller) => Tell(PmVfsRequests.Sync, About(in caller));

        // VFS said it does not know the request.
        public static bool NotKnown(long result) => result == -(long)LinuxErrno.ENOSYS;

        // The news of a process; the terminal flags it carries are what VFS has heard since.
        private static PmVfsProcess About(in PosixProcess process)
        {
            int record = PosixProcesses.OfEndpoint(process.Endpoint);
            int flags = record == PosixProcesses.None ? 0 : TerminalFlags.Of(record);
            if (record != PosixProcesses.None) PosixProcesses.At(record).ToldCallerFlags = flags;
            return new PmVfsProcess
            {
                Process = process.Endpoint, Child = Endpoint.None, Pid = process.Pid, ProcessGroup = process.ProcessGroup,
                Session = process.Session, Uid = (int)process.Ids.Euid, Gid = (int)process.Ids.Egid, CallerFlags = flags,
                OpenFileLimit = record == PosixProcesses.None ? ResourceLimits.DefaultOf(ResourceLimits.Files).Current
                                                              : ResourceLimits.Of(record, ResourceLimits.Files).Current,
            };
        }

        private static long Tell(int request, in PmVfsProcess news)
        {
            Message message = default;
            message.Type = request;
            message.Payload<PmVfsProcess>() = news;
            if (Syscalls.Request(BootEndpoints.Vfs, ref message, VfsRequests.Reply) != 0) return -(long)LinuxErrno.EIO;
            return message.Payload<VfsReply>().Result;
        }
    }
}
