using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Pm
{
    // The process calls of POSIX processes (MINIX's PM call table), one case each, most handed
    // to the file of their own. A result is the call's answer; NoReply: PM answers later (a held
    // call), or never (exit, a successful execve, rt_sigreturn). What PM does not serve is -ENOSYS.
    internal static class ProcessCalls
    {
        public const long NoReply = long.MinValue;

        public static long Handle(int record, in PosixCall call)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            ulong a0 = (ulong)call.A0, a1 = (ulong)call.A1, a2 = (ulong)call.A2, a3 = (ulong)call.A3, a4 = (ulong)call.A4;
            // An argument Linux declares int, pid_t or clockid_t is the register's low 32 bits:
            // glibc passes -1 as 0x00000000ffffffff, musl sign-extends it, and both mean -1.
            int i0 = (int)call.A0, i1 = (int)call.A1, i2 = (int)call.A2, i3 = (int)call.A3, i4 = (int)call.A4;
            switch (call.Number)
            {
                // Processes.
                case LinuxCalls.Getpid:
                case LinuxCalls.Gettid:
                    return process.Pid;
                case LinuxCalls.SetTidAddress:                      // one thread per process: its id is the pid
                    process.ClearChildTid = a0;
                    return process.Pid;
                case LinuxCalls.Getppid:
                    return process.ParentPid;
                case LinuxCalls.Futex:
                    return Futexes.Call(record, a0, i1, (uint)call.A2, a3, a4, (uint)call.A5);
                case LinuxCalls.SetRobustList:
                    return RobustLists.Set(record, a0, a1);
                case LinuxCalls.GetRobustList:
                    return RobustLists.Get(record, i0, a1, a2);
                case LinuxCalls.Clone:
                    return ForkCall.Clone(record, a0, a1, a2, a3, a4);
                case LinuxCalls.Fork:
                    return ForkCall.Clone(record, CloneFlags.Fork, 0, 0, 0, 0);
                case LinuxCalls.Vfork:
                    return ForkCall.Clone(record, CloneFlags.VforkFlags, 0, 0, 0, 0);
                case LinuxCalls.Execve:
                    return ExecCall.Execveat(record, -100, a0, a1, a2, 0);
                case LinuxCalls.Execveat:
                    return ExecCall.Execveat(record, i0, a1, a2, a3, i4);
                case LinuxCalls.Exit:
                case LinuxCalls.ExitGroup:
                    ProcessExit.Exit(record, ((int)call.A0 & 0xFF) << 8);
                    return NoReply;
                case LinuxCalls.Wait4:
                    return WaitCalls.Wait4(record, i0, a1, i2, a3);
                case LinuxCalls.Waitid:
                    return WaitCalls.Waitid(record, i0, i1, a2, i3, a4);

                // Signals.
                case LinuxCalls.RtSigaction:
                    return SignalCalls.Action(record, i0, a1, a2, call.A3);
                case LinuxCalls.RtSigprocmask:
                    return SignalCalls.ProcMask(record, i0, a1, a2, call.A3);
                case LinuxCalls.RtSigpending:
                    return SignalCalls.Pending(record, a0, call.A1);
                case LinuxCalls.RtSigsuspend:
                    return SignalCalls.Suspend(record, a0, call.A1);
                case LinuxCalls.RtSigtimedwait:
                    return SignalCalls.TimedWait(record, a0, a1, a2, call.A3);
                case LinuxCalls.RtSigreturn:
                    return SignalCalls.Return(record);
                case LinuxCalls.Sigaltstack:
                    return SignalCalls.AltStack(record, a0, a1);
                case LinuxCalls.Pause:
                    return SignalCalls.Pause(record);
                case LinuxCalls.Kill:
                    return Kill.Send(record, i0, i1);
                case LinuxCalls.Tkill:
                    return Kill.Thread(record, 0, i0, i1, withGroup: false);
                case LinuxCalls.Tgkill:
                    return Kill.Thread(record, i0, i1, i2, withGroup: true);
                case LinuxCalls.RtSigqueueinfo:
                    return Kill.Queue(record, 0, i0, i1, a2, withGroup: false);
                case LinuxCalls.RtTgsigqueueinfo:
                    return Kill.Queue(record, i0, i1, i2, a3, withGroup: true);

                // Process groups and sessions.
                case LinuxCalls.Setpgid:
                    LinuxErrno moved = ProcessGroups.SetGroup(record, i0, i1, out int target);
                    if (moved != 0) return -(long)moved;
                    VfsNews.SetIds(in PosixProcesses.At(target));
                    return 0;
                case LinuxCalls.Getpgid:
                case LinuxCalls.Getsid:
                    int named = ProcessGroups.Named(record, i0);
                    if (named == PosixProcesses.None) return -(long)LinuxErrno.ESRCH;
                    return call.Number == LinuxCalls.Getpgid ? PosixProcesses.At(named).ProcessGroup : PosixProcesses.At(named).Session;
                case LinuxCalls.Getpgrp:
                    return process.ProcessGroup;
                case LinuxCalls.Setsid:
                    LinuxErrno led = ProcessGroups.NewSession(record);
                    if (led != 0) return -(long)led;
                    VfsNews.SetIds(in process);
                    return process.Pid;

                // Identities.
                case LinuxCalls.Getuid: return process.Ids.Ruid;
                case LinuxCalls.Geteuid: return process.Ids.Euid;
                case LinuxCalls.Getgid: return process.Ids.Rgid;
                case LinuxCalls.Getegid: return process.Ids.Egid;
                case LinuxCalls.Getresuid: return IdentityCalls.GetIds(record, a0, a1, a2, groups: false);
                case LinuxCalls.Getresgid: return IdentityCalls.GetIds(record, a0, a1, a2, groups: true);
                case LinuxCalls.Setuid: return IdentityCalls.Changed(record, IdentityRules.SetUid(ref process.Ids, (uint)a0));
                case LinuxCalls.Setgid: return IdentityCalls.Changed(record, IdentityRules.SetGid(ref process.Ids, (uint)a0));
                case LinuxCalls.Setreuid: return IdentityCalls.Changed(record, IdentityRules.SetReUid(ref process.Ids, (uint)a0, (uint)a1));
                case LinuxCalls.Setregid: return IdentityCalls.Changed(record, IdentityRules.SetReGid(ref process.Ids, (uint)a0, (uint)a1));
                case LinuxCalls.Setresuid: return IdentityCalls.Changed(record, IdentityRules.SetResUid(ref process.Ids, (uint)a0, (uint)a1, (uint)a2));
                case LinuxCalls.Setresgid: return IdentityCalls.Changed(record, IdentityRules.SetResGid(ref process.Ids, (uint)a0, (uint)a1, (uint)a2));
                case LinuxCalls.Getgroups: return IdentityCalls.GetGroups(record, (int)call.A0, a1);
                case LinuxCalls.Setgroups: return IdentityCalls.SetGroups(record, (int)call.A0, a1);

                // Time.
                case LinuxCalls.ClockGettime: return TimeCalls.GetTime(record, i0, a1);
                case LinuxCalls.ClockGetres: return TimeCalls.Resolution(record, i0, a1);
                case LinuxCalls.Gettimeofday: return TimeCalls.TimeOfDay(record, a0, a1);
                case LinuxCalls.Time: return TimeCalls.Time(record, a0);
                case LinuxCalls.Nanosleep: return Sleeps.Nanosleep(record, a0, a1);
                case LinuxCalls.ClockNanosleep: return Sleeps.ClockNanosleep(record, i0, i1, a2, a3);
                case LinuxCalls.Alarm: return IntervalTimer.Alarm(record, (uint)call.A0);
                case LinuxCalls.Getitimer: return IntervalTimer.Get(record, i0, a1);
                case LinuxCalls.Setitimer: return IntervalTimer.Set(record, i0, a1, a2);
                case LinuxCalls.Times: return Usage.Times(record, a0);
                case LinuxCalls.Getrusage: return Usage.GetRusage(record, i0, a1);

                // The system.
                case LinuxCalls.Uname: return SystemInformation.Uname(record, a0);
                case LinuxCalls.Sysinfo: return SystemInformation.Sysinfo(record, a0);
                case LinuxCalls.Sethostname: return HostNames.Set(record, a0, i1, domain: false);
                case LinuxCalls.Setdomainname: return HostNames.Set(record, a0, i1, domain: true);
                case LinuxCalls.Prlimit64: return LimitCalls.Prlimit(record, i0, (uint)call.A1, a2, a3);
                case LinuxCalls.Getrlimit: return LimitCalls.Prlimit(record, 0, (uint)call.A0, 0, a1);
                case LinuxCalls.Setrlimit: return LimitCalls.Prlimit(record, 0, (uint)call.A0, a1, 0);
                case LinuxCalls.Getrandom: return Entropy.GetRandom(record, a0, call.A1, (uint)call.A2);
                case LinuxCalls.SchedGetaffinity: return SchedulingCalls.GetAffinity(record, i0, (uint)call.A1, a2);
                case LinuxCalls.SchedSetaffinity: return SchedulingCalls.SetAffinity(record, i0, (uint)call.A1, a2);
                case LinuxCalls.Getpriority: return SchedulingCalls.GetPriority(record, i0, i1);
                case LinuxCalls.Setpriority: return SchedulingCalls.SetPriority(record, i0, i1, i2);
                case LinuxCalls.Reboot: return RebootCall.Reboot(record, i0, i1, (uint)call.A2);
                default:
                    return -(long)LinuxErrno.ENOSYS;
            }
        }
    }
}
