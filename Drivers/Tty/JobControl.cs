using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Drivers.Tty
{
    // The terminal's side of job control (Linux's tty_jobctrl.c): the session it is the
    // controlling terminal of, its foreground process group, and the checks a caller in another
    // group meets. What a caller is comes in every request (CharDriverCaller); what only PM knows
    // (whether it ignores SIGTTIN or SIGTTOU, whether its group is orphaned) comes in its Flags.
    // Whether a process group exists, or lies in the caller's session, is PM's knowledge too and
    // is not checked here (TIOCSPGRP's ESRCH and EPERM).
    public sealed class JobControl
    {
        private readonly SignalQueue _signals;

        public JobControl(SignalQueue signals) => _signals = signals;

        public int Session { get; private set; }            // 0: nobody's controlling terminal
        public int ForegroundGroup { get; private set; }    // 0: none

        // Whether this terminal is the caller's controlling terminal (its signal->tty): the one
        // terminal of the caller's session.
        public bool IsControllingTerminalOf(in CharDriverCaller caller) => Session != 0 && caller.Session == Session;

        private static bool IsSessionLeader(in CharDriverCaller caller) => caller.Pid != 0 && caller.Pid == caller.Session;

        // An open (tty_open_proc_set_tty): a session leader opening a terminal that is no
        // session's controlling terminal makes it its own, unless O_NOCTTY or /dev/console.
        public void Opened(in CharDriverCaller caller, int minor, bool noControllingTerminal)
        {
            if (noControllingTerminal || minor == TerminalMinors.Console || Session != 0 || !IsSessionLeader(caller)) return;
            Session = caller.Session;
            ForegroundGroup = caller.ProcessGroup;
        }

        // What the driver's previous instance had (TerminalTies), after a restart.
        public void Restore(int session, int foregroundGroup)
        {
            Session = session;
            ForegroundGroup = foregroundGroup;
        }

        // The last close: the terminal is nobody's any more (release_tty).
        public void LastClosed()
        {
            Session = 0;
            ForegroundGroup = 0;
        }

        // __tty_check_change: 0 when the caller may go on; for a caller of the terminal's session
        // outside its foreground group, -EIO (SIGTTIN ignored, or the group orphaned), 0
        // (SIGTTOU ignored), or the signal raised on its group and PosixErrors.Restart: the call
        // starts again once the group is continued.
        public long CheckBackground(in CharDriverCaller caller, int signal)
        {
            if (!IsControllingTerminalOf(caller) || ForegroundGroup == 0 || caller.ProcessGroup == ForegroundGroup) return 0;
            int ignoredFlag = signal == Signals.SIGTTIN ? CallerFlags.IgnoresTtin : CallerFlags.IgnoresTtou;
            if ((caller.Flags & ignoredFlag) != 0) return signal == Signals.SIGTTIN ? -(long)LinuxErrno.EIO : 0;
            if ((caller.Flags & CallerFlags.OrphanedGroup) != 0) return -(long)LinuxErrno.EIO;
            _signals.Raise(caller.ProcessGroup, signal);
            return PosixErrors.Restart;
        }

        // TIOCSCTTY: the caller, a session leader, takes the terminal as its controlling one; one
        // that is another session's only with `steal` (1), and that session loses it.
        public long SetControllingTerminal(in CharDriverCaller caller, ulong steal)
        {
            if (IsSessionLeader(caller) && caller.Session == Session) return 0;
            if (!IsSessionLeader(caller)) return -(long)LinuxErrno.EPERM;
            if (Session != 0 && steal != 1) return -(long)LinuxErrno.EPERM;
            Session = caller.Session;
            ForegroundGroup = caller.ProcessGroup;
            return 0;
        }

        // TIOCNOTTY: the caller gives its controlling terminal up; from its session leader that
        // is the whole session's, and the foreground group gets SIGHUP and SIGCONT
        // (disassociate_ctty). Another process's own loss of it is VFS's and PM's record.
        public long GiveUpControllingTerminal(in CharDriverCaller caller)
        {
            if (!IsControllingTerminalOf(caller)) return -(long)LinuxErrno.ENOTTY;
            if (!IsSessionLeader(caller)) return 0;
            _signals.Raise(ForegroundGroup, Signals.SIGHUP);
            _signals.Raise(ForegroundGroup, Signals.SIGCONT);
            LastClosed();
            return 0;
        }

        // The exit of a session leader (disassociate_ctty on exit): the terminal its session
        // controls is nobody's, and the foreground group gets SIGHUP (no SIGCONT: TIOCNOTTY's
        // SIGCONT is for a leader that lives on). 0 for any other session.
        public long SessionLeaderExited(in CharDriverCaller caller)
        {
            if (!IsControllingTerminalOf(caller) || !IsSessionLeader(caller)) return 0;
            if (ForegroundGroup != 0) _signals.Raise(ForegroundGroup, Signals.SIGHUP);
            LastClosed();
            return 0;
        }

        // TIOCGPGRP: the foreground group, to a process of the terminal's session only.
        public long ForegroundGroupFor(in CharDriverCaller caller, out int group)
        {
            group = ForegroundGroup;
            return IsControllingTerminalOf(caller) ? 0 : -(long)LinuxErrno.ENOTTY;
        }

        // TIOCSPGRP, after the background check.
        public long SetForegroundGroup(in CharDriverCaller caller, int group)
        {
            if (!IsControllingTerminalOf(caller)) return -(long)LinuxErrno.ENOTTY;
            if (group < 0) return -(long)LinuxErrno.EINVAL;
            if (group == 0) return -(long)LinuxErrno.ESRCH;      // no process group has id 0
            ForegroundGroup = group;
            return 0;
        }

        // TIOCGSID.
        public long SessionFor(in CharDriverCaller caller, out int session)
        {
            session = Session;
            return IsControllingTerminalOf(caller) ? 0 : -(long)LinuxErrno.ENOTTY;
        }
    }
}
