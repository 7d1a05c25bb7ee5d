using System;
using System.Buffers.Binary;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Pm
{
    // Sending signals (MINIX's check_sig, Linux's kill_something_info): kill to a pid, to the
    // caller's group (0), to every process but init and the caller (-1), or to a group (-pgrp);
    // tkill and tgkill (one thread per process: a thread id is its pid); rt_sigqueueinfo and
    // rt_tgsigqueueinfo with the sender's own siginfo; and PmRequests.Signal from VFS and the
    // terminal driver. Signal 0 only checks. A sender needs the target's uid unless it is
    // privileged (EPERM). init gets only the signals it has handlers for, as Linux's init.
    internal static class Kill
    {
        // The terminal driver (Drivers/Tty, the manifest's tty): with VFS, the only senders
        // PmRequests.Signal is taken from.
        private const int TerminalDriver = BootEndpoints.Tty;

        public static long Send(int caller, long pid, long signal)
        {
            if (signal < 0 || signal > LinuxSignals.Max) return -(long)LinuxErrno.EINVAL;
            if (pid > int.MaxValue || pid < -(long)int.MaxValue) return -(long)LinuxErrno.ESRCH;
            ref PosixProcess sender = ref PosixProcesses.At(caller);
            var info = new SignalInfo { Signal = (int)signal, Code = LinuxSignals.SI_USER, Pid = sender.Pid, Uid = sender.Ids.Ruid };
            if (pid > 0) return One(caller, (int)pid, in info, mustQueue: false);
            if (pid == -1) return Everyone(caller, in info);
            return Members(caller, pid == 0 ? sender.ProcessGroup : (int)-pid, in info);
        }

        public static long Thread(int caller, long group, long thread, long signal, bool withGroup)
        {
            if (signal < 0 || signal > LinuxSignals.Max || thread <= 0 || withGroup && group <= 0) return -(long)LinuxErrno.EINVAL;
            if (thread > int.MaxValue || withGroup && group != thread) return -(long)LinuxErrno.ESRCH;
            ref PosixProcess sender = ref PosixProcesses.At(caller);
            var info = new SignalInfo { Signal = (int)signal, Code = LinuxSignals.SI_TKILL, Pid = sender.Pid, Uid = sender.Ids.Ruid };
            return One(caller, (int)thread, in info, mustQueue: false);
        }

        // rt_sigqueueinfo and rt_tgsigqueueinfo: the caller's siginfo, but no process may pose as
        // the kernel or as kill (a non-negative si_code, or SI_TKILL) to another process.
        public static long Queue(int caller, long group, long thread, long signal, ulong infoAddress, bool withGroup)
        {
            if (signal < 1 || signal > LinuxSignals.Max || thread <= 0 || withGroup && group <= 0) return -(long)LinuxErrno.EINVAL;
            ref PosixProcess sender = ref PosixProcesses.At(caller);
            Span<byte> bytes = stackalloc byte[SignalFrame.InfoSize];
            if (UserMemory.Read(sender.Endpoint, infoAddress, bytes) != 0) return -(long)LinuxErrno.EFAULT;
            int code = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(8));
            if ((code >= 0 || code == LinuxSignals.SI_TKILL) && thread != sender.Pid) return -(long)LinuxErrno.EPERM;
            if (thread > int.MaxValue || withGroup && group != thread) return -(long)LinuxErrno.ESRCH;
            var info = new SignalInfo
            {
                Signal = (int)signal, Code = code, Pid = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(16)),
                Uid = BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(20)), Value = BinaryPrimitives.ReadInt64LittleEndian(bytes.Slice(24)),
            };
            return One(caller, (int)thread, in info, mustQueue: true);
        }

        // PmRequests.Signal: a terminal's ^C to its foreground group, VFS's SIGPIPE to a process.
        public static void FromServer(int sender, in PmSignal request)
        {
            if (sender != BootEndpoints.Vfs && sender != TerminalDriver || !LinuxSignals.IsValid(request.Signal)) return;
            SignalInfo info = SignalInfo.FromKernel(request.Signal);
            if (request.ProcessGroup != 0)
            {
                Group(request.ProcessGroup, in info);
                return;
            }
            int record = PosixProcesses.OfEndpoint(request.Process);
            if (record != PosixProcesses.None) Deliver(record, in info, mustQueue: false);
        }

        // Every member of a group, from the kernel's side (no permission to check).
        public static void Group(int group, in SignalInfo info)
        {
            for (int record = 0; record < PosixProcesses.Count; record++)
                if (PosixProcesses.At(record).IsAlive && PosixProcesses.At(record).ProcessGroup == group) Deliver(record, in info, mustQueue: false);
        }

        private static long One(int caller, int pid, in SignalInfo info, bool mustQueue)
        {
            int target = PosixProcesses.OfPid(pid);
            if (target == PosixProcesses.None) return -(long)LinuxErrno.ESRCH;
            if (!IdentityRules.MaySignal(in PosixProcesses.At(caller).Ids, in PosixProcesses.At(target).Ids)
                && !SameSessionContinue(caller, target, info.Signal))
                return -(long)LinuxErrno.EPERM;
            return Deliver(target, in info, mustQueue) ? 0 : -(long)LinuxErrno.EAGAIN;
        }

        private static long Everyone(int caller, in SignalInfo info)
        {
            int sent = 0;
            long error = -(long)LinuxErrno.ESRCH;
            for (int record = 0; record < PosixProcesses.Count; record++)
            {
                ref PosixProcess target = ref PosixProcesses.At(record);
                if (!target.IsAlive || target.Pid <= PosixProcesses.InitPid || record == caller) continue;
                if (!IdentityRules.MaySignal(in PosixProcesses.At(caller).Ids, in target.Ids)) { error = -(long)LinuxErrno.EPERM; continue; }
                Deliver(record, in info, mustQueue: false);
                sent++;
            }
            return sent > 0 ? 0 : error;
        }

        private static long Members(int caller, int group, in SignalInfo info)
        {
            bool any = false, sent = false;
            for (int record = 0; record < PosixProcesses.Count; record++)
            {
                ref PosixProcess target = ref PosixProcesses.At(record);
                if (target.Phase == ProcessPhase.Free || target.ProcessGroup != group) continue;
                any = true;
                if (!IdentityRules.MaySignal(in PosixProcesses.At(caller).Ids, in target.Ids) && !SameSessionContinue(caller, record, info.Signal)) continue;
                Deliver(record, in info, mustQueue: false);
                sent = true;
            }
            return sent ? 0 : any ? -(long)LinuxErrno.EPERM : -(long)LinuxErrno.ESRCH;
        }

        // Linux lets any process of a session continue another of it.
        private static bool SameSessionContinue(int caller, int target, int signal) =>
            signal == LinuxSignals.SIGCONT && PosixProcesses.At(caller).Session == PosixProcesses.At(target).Session;

        // A signal for a process (0: nothing but the checks done). init takes only what it has a
        // handler for, or blocks or waits for (Linux's sig_ignored: a blocked signal is kept, as
        // busybox's init blocks its signals and takes them with sigtimedwait). False: a
        // sigqueue found the queue full.
        private static bool Deliver(int record, in SignalInfo info, bool mustQueue)
        {
            ref PosixProcess target = ref PosixProcesses.At(record);
            if (info.Signal == 0 || !target.IsAlive) return true;
            if (target.Pid == PosixProcesses.InitPid && SignalActions.DispositionOf(record, info.Signal) != Disposition.Handle
                && !InitKeeps(in target, info.Signal))
                return true;
            return Signals.Raise(record, in info, mustQueue);
        }

        private static bool InitKeeps(in PosixProcess init, int signal)
        {
            ulong bit = LinuxSignals.Bit(signal);
            return (init.Mask & bit) != 0 || init.Held == HeldCall.SignalWait && (init.SignalWaitSet & bit) != 0;
        }
    }
}
