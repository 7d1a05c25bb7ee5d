using Lunix.Abi.Linux;

namespace Lunix.Servers.Pm
{
    // Process groups and sessions (setpgid, setsid, getpgid, getsid) by Linux's rules, over the
    // process table; the callers tell VFS what changed. A process group is orphaned when none
    // of its members has a parent in another group of the same session: nobody is left to
    // continue it with job control, so its stopped members get SIGHUP and SIGCONT, and terminal
    // stop signals to it are dropped.
    internal static class ProcessGroups
    {
        // setpgid(pid, pgid) by `caller`: 0 and the process moved (target), or Linux's error: EINVAL
        // for a negative group, ESRCH for a process that is neither the caller nor its child,
        // EPERM for a child in another session, a session leader, or a group that does not exist
        // in the caller's session, EACCES for a child that has made an execve.
        public static LinuxErrno SetGroup(int caller, long pid, long pgid, out int target)
        {
            target = PosixProcesses.None;
            ref PosixProcess self = ref PosixProcesses.At(caller);
            if (pid == 0) pid = self.Pid;
            if (pgid == 0) pgid = pid;
            if (pgid < 0 || pgid > int.MaxValue) return LinuxErrno.EINVAL;
            if (pid < 0 || pid > int.MaxValue) return LinuxErrno.ESRCH;
            target = PosixProcesses.OfPid((int)pid);
            if (target == PosixProcesses.None || !PosixProcesses.At(target).IsAlive) return LinuxErrno.ESRCH;
            ref PosixProcess process = ref PosixProcesses.At(target);
            if (target != caller)
            {
                if (process.ParentPid != self.Pid) return LinuxErrno.ESRCH;
                if (process.Session != self.Session) return LinuxErrno.EPERM;
                if (process.Execed) return LinuxErrno.EACCES;
            }
            if (process.Session == process.Pid) return LinuxErrno.EPERM;
            if (pgid != pid && !GroupExistsIn((int)pgid, self.Session)) return LinuxErrno.EPERM;
            process.ProcessGroup = (int)pgid;
            return 0;
        }

        // setsid: a new session and group led by the caller; EPERM when a process group with its
        // pid exists (it leads one already).
        public static LinuxErrno NewSession(int caller)
        {
            ref PosixProcess self = ref PosixProcesses.At(caller);
            for (int record = 0; record < PosixProcesses.Count; record++)
            {
                ref PosixProcess other = ref PosixProcesses.At(record);
                if (other.Phase != ProcessPhase.Free && other.ProcessGroup == self.Pid) return LinuxErrno.EPERM;
            }
            self.Session = self.ProcessGroup = self.Pid;
            return 0;
        }

        // The record getpgid(pid) and getsid(pid) ask about (0: the caller), or None.
        public static int Named(int caller, long pid)
        {
            if (pid == 0) return caller;
            return pid < 0 || pid > int.MaxValue ? PosixProcesses.None : PosixProcesses.OfPid((int)pid);
        }

        public static bool GroupExistsIn(int group, int session)
        {
            for (int record = 0; record < PosixProcesses.Count; record++)
            {
                ref PosixProcess other = ref PosixProcesses.At(record);
                if (other.IsAlive && other.ProcessGroup == group && other.Session == session) return true;
            }
            return false;
        }

        // Linux's will_become_orphaned_pgrp: no member but `leaving` (None: none leaves) has a
        // live parent outside the group and inside the session.
        public static bool IsOrphaned(int group, int leaving)
        {
            for (int record = 0; record < PosixProcesses.Count; record++)
            {
                ref PosixProcess member = ref PosixProcesses.At(record);
                if (!member.IsAlive || member.ProcessGroup != group || record == leaving) continue;
                int parent = PosixProcesses.OfPid(member.ParentPid);
                if (parent == PosixProcesses.None || parent == leaving || !PosixProcesses.At(parent).IsAlive) continue;
                ref PosixProcess up = ref PosixProcesses.At(parent);
                if (up.ProcessGroup != group && up.Session == member.Session) return false;
            }
            return true;
        }

        public static bool HasStoppedMember(int group)
        {
            for (int record = 0; record < PosixProcesses.Count; record++)
            {
                ref PosixProcess member = ref PosixProcesses.At(record);
                if (member.IsAlive && member.ProcessGroup == group && member.JobStopped) return true;
            }
            return false;
        }
    }
}
