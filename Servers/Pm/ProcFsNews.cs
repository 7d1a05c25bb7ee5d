using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // PM's news for the /proc server (Abi/ProcFsRequests.cs), one SENDREC each, told with VFS's
    // (VfsNews) and where a process's group, session or parent changes: ProcFs waits on nobody,
    // so PM may wait on it, and it knows the processes only from these. A /proc server that is
    // not there (restarting) costs nothing but what its files show.
    internal static class ProcFsNews
    {
        // The process now runs a program: where its arguments and file name are
        // (ProgramStart.Started, set as the program's stack was built).
        public static void Exec(in PosixProcess process)
        {
            ProcFsProcess news = About(in process);
            news.ArgumentsStart = ProgramStart.Started.ArgumentsStart;
            news.ArgumentsEnd = ProgramStart.Started.ArgumentsEnd;
            news.FileName = ProgramStart.Started.FileName;
            Tell(ProcFsRequests.Exec, in news);
        }

        public static void Fork(in PosixProcess child) => Tell(ProcFsRequests.Fork, About(in child));

        public static void Exit(in PosixProcess process) => Tell(ProcFsRequests.Exit, About(in process));

        public static void SetIds(in PosixProcess process) => Tell(ProcFsRequests.SetIds, About(in process));

        private static ProcFsProcess About(in PosixProcess process) => new ProcFsProcess
        {
            Process = process.Endpoint, Pid = process.Pid, ParentPid = process.ParentPid, ProcessGroup = process.ProcessGroup,
            Session = process.Session, Uid = process.Ids.Ruid, Gid = process.Ids.Rgid,
        };

        // A ProcFs that says it has no grant of the children's times (it started or restarted)
        // is given it after the news it answered.
        private static void Tell(int request, in ProcFsProcess news)
        {
            Message message = default;
            message.Type = request;
            message.Payload<ProcFsProcess>() = news;
            if (Syscalls.SendReceive(BootEndpoints.ProcFs, ref message) != 0 || message.Payload<ProcFsReply>().NeedsChildTicks == 0) return;
            int grant = ChildTicksView.Grant();
            if (grant < 0) return;
            message = default;
            message.Type = ProcFsRequests.ChildTicks;
            message.Payload<ProcFsGrant>().Grant = grant;
            Syscalls.SendReceive(BootEndpoints.ProcFs, ref message);
        }
    }
}
