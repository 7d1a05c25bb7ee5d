using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // PM's news for the /proc server (Abi/ProcFsRequests.cs), one SENDREC each: ProcFs waits on
    // nobody, so PM may wait on it, and it knows the processes only from these. A /proc server
    // that is not there (not in the image, restarting) costs nothing but its files.
    internal static class ProcFsNews
    {
        // `endpoint` (pid, its parent's pid) now runs a program: `started` says where its
        // arguments and file name are (ProgramStart.Started). Root's ids until PM keeps others.
        public static void Exec(int endpoint, int pid, int parentPid, in ProcFsProcess started)
        {
            ProcFsProcess news = started;
            news.Process = endpoint;
            news.Pid = pid;
            news.ParentPid = parentPid;
            news.ProcessGroup = pid;
            news.Session = pid;
            Tell(ProcFsRequests.Exec, in news);
        }

        public static void Exit(int endpoint) => Tell(ProcFsRequests.Exit, new ProcFsProcess { Process = endpoint });

        private static void Tell(int request, in ProcFsProcess news)
        {
            Message message = default;
            message.Type = request;
            message.Payload<ProcFsProcess>() = news;
            Syscalls.SendReceive(BootEndpoints.ProcFs, ref message);
        }
    }
}
