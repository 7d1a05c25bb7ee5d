using Lunix.Abi.Linux;

namespace Lunix.Servers.Pm
{
    // Which child a wait4 or waitid reports, and how (Linux's do_wait and wait_task_*): the
    // children the request selects (any, a pid, a process group; clone children, whose exit
    // signal is not SIGCHLD, only with __WCLONE or __WALL), and of those the first with something
    // to report that the request asks for: its end (a zombie, WEXITED; wait4 always asks), a stop
    // its parent has not seen (WUNTRACED/WSTOPPED), a continue it has not seen (WCONTINUED).
    internal enum WaitEvent : byte { None, Exited, Stopped, Continued }

    internal static class WaitRules
    {
        public const int WNOHANG = 1, WUNTRACED = 2, WSTOPPED = 2, WEXITED = 4, WCONTINUED = 8, WNOWAIT = 0x01000000,
                         WNOTHREAD = 0x20000000, WALL = 0x40000000, WCLONE = unchecked((int)0x80000000);
        public const int P_ALL = 0, P_PID = 1, P_PGID = 2, P_PIDFD = 3;

        public static bool ValidWait4Options(int options) =>
            (options & ~(WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WALL | WCLONE)) == 0;

        public static bool ValidWaitidOptions(int options) =>
            (options & ~(WNOHANG | WSTOPPED | WEXITED | WCONTINUED | WNOWAIT | WNOTHREAD | WALL | WCLONE)) == 0
            && (options & (WEXITED | WSTOPPED | WCONTINUED)) != 0;

        // wait4's pid: < -1 a process group, -1 any child, 0 the caller's group, > 0 that child.
        public static WaitRequest ForWait4(long pid, int options, int callerGroup) => new WaitRequest
        {
            Selector = pid < -1 || pid == 0 ? WaitSelector.Group : pid == -1 ? WaitSelector.Any : WaitSelector.Pid,
            Id = pid == 0 ? callerGroup : pid < -1 ? (int)-pid : (int)pid,
            Options = options | WEXITED,
        };

        public static bool Selects(in WaitRequest request, in PosixProcess child)
        {
            if (request.Selector == WaitSelector.Pid && child.Pid != request.Id) return false;
            if (request.Selector == WaitSelector.Group && child.ProcessGroup != request.Id) return false;
            bool cloneChild = child.ExitSignal != LinuxSignals.SIGCHLD;
            return (request.Options & WALL) != 0 || cloneChild == ((request.Options & WCLONE) != 0);
        }

        public static WaitEvent EventOf(in WaitRequest request, in PosixProcess child)
        {
            if (child.Phase == ProcessPhase.Zombie) return (request.Options & WEXITED) != 0 ? WaitEvent.Exited : WaitEvent.None;
            if (child.Report == ChildReport.Stopped && child.JobStopped && (request.Options & WSTOPPED) != 0) return WaitEvent.Stopped;
            if (child.Report == ChildReport.Continued && (request.Options & WCONTINUED) != 0) return WaitEvent.Continued;
            return WaitEvent.None;
        }

        // The first child of `parentPid` with something to report, and whether it has any child
        // the request selects at all (ECHILD when not).
        public static int Find(int parentPid, in WaitRequest request, out WaitEvent what, out bool anySelected)
        {
            what = WaitEvent.None;
            anySelected = false;
            for (int record = 0; record < PosixProcesses.Count; record++)
            {
                ref PosixProcess child = ref PosixProcesses.At(record);
                if (child.Phase == ProcessPhase.Free || child.ParentPid != parentPid || !Selects(in request, in child)) continue;
                anySelected = true;
                what = EventOf(in request, in child);
                if (what != WaitEvent.None) return record;
            }
            return PosixProcesses.None;
        }

        // wait4's status word.
        public static int StatusOf(WaitEvent what, in PosixProcess child) => what switch
        {
            WaitEvent.Stopped => (child.StopSignal << 8) | 0x7F,
            WaitEvent.Continued => 0xFFFF,
            _ => child.Status,
        };

        // waitid's si_code and si_status.
        public static void InfoOf(WaitEvent what, in PosixProcess child, out int code, out int status)
        {
            switch (what)
            {
                case WaitEvent.Stopped:
                    code = LinuxSignals.CLD_STOPPED;
                    status = child.StopSignal;
                    return;
                case WaitEvent.Continued:
                    code = LinuxSignals.CLD_CONTINUED;
                    status = LinuxSignals.SIGCONT;
                    return;
                default:
                    ExitInfo(child.Status, out code, out status);
                    return;
            }
        }

        // An end as SIGCHLD's and waitid's siginfo say it: CLD_EXITED with the code, or
        // CLD_KILLED / CLD_DUMPED with the signal.
        public static void ExitInfo(int status, out int code, out int value)
        {
            if ((status & 0x7F) == 0)
            {
                code = LinuxSignals.CLD_EXITED;
                value = (status >> 8) & 0xFF;
                return;
            }
            code = (status & 0x80) != 0 ? LinuxSignals.CLD_DUMPED : LinuxSignals.CLD_KILLED;
            value = status & 0x7F;
        }
    }
}
