using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // A process's end (MINIX's exit_proc, Linux's exit_notify): what it used is read from the
    // kernel, VFS closes its descriptors, the kernel takes it down (CLEAR: its memory and slot
    // are free), and PM keeps a zombie with its status until its parent's wait reaps it. Its
    // children go to init, pid 1; a process group it leaves orphaned with stopped members gets
    // SIGHUP and SIGCONT; a vfork parent waiting on it goes on; its parent is sent its exit signal
    // (SIGCHLD) and a wait it is in is answered. A parent that ignores SIGCHLD, or set
    // SA_NOCLDWAIT, leaves no zombie to reap. When init ends, the console says how.
    internal static class ProcessExit
    {
        // status: Linux's wait encoding (exit code << 8, or the signal, | 0x80 for a core).
        public static void Exit(int record, int status)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            if (!process.IsAlive) return;
            if (Kernel.TimesOf(process.Endpoint, out ProcessTimes times) == 0)
            {
                process.UserTicks = times.UserTicks;
                process.ResidentPeak = Math.Max(process.ResidentPeak, times.ResidentBytes);
            }
            RobustLists.Release(record);                    // while its memory is still there
            int pid = process.Pid;
            // Said before the kernel clears init: with `poweroff`, that clear may be the last work.
            if (pid == PosixProcesses.InitPid) Report(status);
            int vforkParent = process.VforkParent;
            process.VforkParent = PosixProcesses.None;
            ProcessTimers.CancelAll(record);
            PendingSignals.Clear(record);
            process.Held = HeldCall.None;
            process.KernelStopped = process.AwaitingKernel = process.JobStopped = false;
            VfsNews.Exit(in process);
            Syscalls.KernelCall(KernelCalls.Clear, process.Endpoint);
            PosixProcesses.BecomeZombie(record);
            process.Status = status;
            process.Report = ChildReport.None;

            HangUpOrphanedGroups(record);
            int parent = PosixProcesses.OfPid(process.ParentPid);
            for (int other = 0; other < PosixProcesses.Count; other++)
            {
                ref PosixProcess child = ref PosixProcesses.At(other);
                if (child.Phase == ProcessPhase.Free || child.ParentPid != pid || other == record) continue;
                child.ParentPid = pid == PosixProcesses.InitPid ? 0 : PosixProcesses.InitPid;
                ProcFsNews.SetIds(in child);
                if (child.IsAlive) KernelIds.Tell(in child);
                if (child.VforkParent == record) child.VforkParent = PosixProcesses.None;
                if (child.Phase == ProcessPhase.Zombie && pid != PosixProcesses.InitPid) AdoptedZombie(other);
            }
            if (vforkParent != PosixProcesses.None && PosixProcesses.At(vforkParent).Held == HeldCall.Vfork) HeldCalls.Finish(vforkParent, pid);

            if (parent == PosixProcesses.None || !PosixProcesses.At(parent).IsAlive)
            {
                PosixProcesses.Release(record);
                return;
            }
            WaitRules.ExitInfo(status, out int code, out int value);
            var info = new SignalInfo
            {
                Signal = process.ExitSignal, Code = code, Pid = pid, Uid = process.Ids.Ruid, Status = value,
                Value = (long)PmClock.TicksToUserHz(process.UserTicks),
            };
            ref SignalAction onChild = ref SignalActions.Of(parent, LinuxSignals.SIGCHLD);
            bool autoReap = process.ExitSignal == LinuxSignals.SIGCHLD
                            && (onChild.Handler == LinuxSignals.SIG_IGN || (onChild.Flags & LinuxSignals.SA_NOCLDWAIT) != 0);
            if (autoReap) PosixProcesses.Release(record);
            WaitCalls.ChildChanged(parent);
            if (info.Signal != 0 && LinuxSignals.IsValid(info.Signal)) Signals.Raise(parent, in info);
        }

        // A child stopped or continued: its parent's SIGCHLD (unless SA_NOCLDSTOP), and its wait.
        public static void TellParent(int record, int code, int status)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            int parent = PosixProcesses.OfPid(process.ParentPid);
            if (parent == PosixProcesses.None || !PosixProcesses.At(parent).IsAlive) return;
            WaitCalls.ChildChanged(parent);
            if ((SignalActions.Of(parent, LinuxSignals.SIGCHLD).Flags & LinuxSignals.SA_NOCLDSTOP) != 0) return;
            Signals.Raise(parent, new SignalInfo { Signal = LinuxSignals.SIGCHLD, Code = code, Pid = process.Pid, Uid = process.Ids.Ruid, Status = status });
        }

        // A zombie that init now has to reap: init hears of it as of any child's end.
        private static void AdoptedZombie(int record)
        {
            int init = PosixProcesses.OfPid(PosixProcesses.InitPid);
            if (init == PosixProcesses.None || !PosixProcesses.At(init).IsAlive) return;
            WaitCalls.ChildChanged(init);
        }

        // Linux's kill_orphaned_pgrp, for the group the process leaves and its children's: a
        // group that its end orphans, with a stopped member, is sent SIGHUP then SIGCONT.
        private static void HangUpOrphanedGroups(int record)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            int parent = PosixProcesses.OfPid(process.ParentPid);
            if (parent != PosixProcesses.None && PosixProcesses.At(parent).IsAlive)
            {
                ref PosixProcess up = ref PosixProcesses.At(parent);
                if (up.ProcessGroup != process.ProcessGroup && up.Session == process.Session) HangUpIfOrphaned(process.ProcessGroup, record);
            }
            for (int other = 0; other < PosixProcesses.Count; other++)
            {
                ref PosixProcess child = ref PosixProcesses.At(other);
                if (child.IsAlive && child.ParentPid == process.Pid && child.ProcessGroup != process.ProcessGroup && child.Session == process.Session)
                    HangUpIfOrphaned(child.ProcessGroup, record);
            }
        }

        private static void HangUpIfOrphaned(int group, int leaving)
        {
            if (!ProcessGroups.IsOrphaned(group, leaving) || !ProcessGroups.HasStoppedMember(group)) return;
            Kill.Group(group, SignalInfo.FromKernel(LinuxSignals.SIGHUP));
            Kill.Group(group, SignalInfo.FromKernel(LinuxSignals.SIGCONT));
        }

        // init's end, which Linux would panic over; here the console says how it ended, and
        // `poweroff` turns the machine off once nothing else runs.
        private static void Report(int status)
        {
            var line = new ConsoleLine(stackalloc char[96]).Append("pm: init (pid 1) ");
            line = (status & 0x7F) == 0 ? line.Append("exited with status ").Append((ulong)(status >> 8)) : line.Append("was killed by signal ").Append((ulong)(status & 0x7F));
            line.Print();
        }
    }
}
