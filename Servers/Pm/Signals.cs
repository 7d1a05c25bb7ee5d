using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // Signals, MINIX's way (servers/pm/signal.c) with Linux's rules. Raise is a signal's
    // generation: SIGKILL ends the process at once, SIGCONT continues it, a signal that would do
    // nothing is dropped, the rest become pending. Deliver (MINIX's check_pending and sig_proc)
    // then acts on every pending signal the mask lets through, lowest first, faults before all:
    // a default action ends, stops or continues the process; a handler runs once PM has the
    // process still. A call PM holds is simply answered as the handler's frame is set up
    // (SIGSEND ends it); any other process PM stops in the kernel first (RUNCTL): if a server
    // holds its call, VFS is asked to end it (Unpause) and PM goes on when the kernel says the
    // answer is in (Signals.CallAnswered), so that the answer and the frame never race. SIGSEND
    // then builds Linux's frame and sets the handler's mask; rt_sigreturn (SignalCalls) undoes it.
    internal static class Signals
    {
        // A signal for the process (kill, the kernel, a timer, a child's end). False only for a
        // real-time signal that found no room in the queue with mustQueue (sigqueue's EAGAIN).
        public static bool Raise(int record, in SignalInfo info, bool mustQueue = false)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            if (!process.IsAlive) return true;
            int signal = info.Signal;
            if (signal == LinuxSignals.SIGKILL)
            {
                Terminate(record, signal, core: false);
                return true;
            }
            if (signal == LinuxSignals.SIGCONT)
            {
                PendingSignals.Discard(record, LinuxSignals.StopSignals);
                if (process.JobStopped) Continue(record);
            }
            else if ((LinuxSignals.Bit(signal) & LinuxSignals.StopSignals) != 0)
                PendingSignals.Discard(record, LinuxSignals.Bit(LinuxSignals.SIGCONT));
            bool waited = process.Held == HeldCall.SignalWait && (process.SignalWaitSet & LinuxSignals.Bit(signal)) != 0;
            if (!waited && SignalActions.IsIgnoredWhenSent(record, signal, process.Mask))
            {
                Deliver(record);                // a SIGCONT may have let it go on
                return true;
            }
            bool queued = PendingSignals.Add(record, in info, ResourceLimits.Of(record, ResourceLimits.SignalQueue).Current, mustQueue);
            Deliver(record);
            return queued || !mustQueue;
        }

        // Acts on what is pending and deliverable now; then lets the process run again if PM
        // stopped it and nothing else keeps it stopped.
        public static void Deliver(int record)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            if (!process.IsAlive || process.Held == HeldCall.Handling || process.AwaitingKernel) return;
            while (process.IsAlive)
            {
                if (process.Held == HeldCall.SignalWait && TakeWaited(record)) continue;
                int signal = PendingSignals.Next(record, process.Mask);
                if (signal == 0 || process.JobStopped) break;
                Disposition disposition = SignalActions.DispositionOf(record, signal);
                if (disposition == Disposition.Handle)
                {
                    Outcome outcome = RunHandler(record, signal);
                    if (outcome == Outcome.Delivered) continue;
                    if (outcome == Outcome.Waiting) return;
                    break;
                }
                PendingSignals.Take(record, signal);
                // init keeps a blocked signal it has no handler for (Kill's InitKeeps); unblocked,
                // its default action does nothing to init but SIGKILL's and SIGSTOP's (Linux's
                // SIGNAL_UNKILLABLE), which no one can send it.
                if (process.Pid == PosixProcesses.InitPid) continue;
                if (disposition == Disposition.Terminate || disposition == Disposition.Core)
                {
                    Terminate(record, signal, disposition == Disposition.Core);
                    return;
                }
                // A terminal's stop signal to an orphaned group is dropped (nobody could continue it).
                if (disposition == Disposition.Stop && (signal == LinuxSignals.SIGSTOP || !ProcessGroups.IsOrphaned(process.ProcessGroup, PosixProcesses.None)))
                    JobStop(record, signal);
            }
            if (!process.IsAlive) return;
            if (process.Held == HeldCall.Answer)
            {
                process.Held = HeldCall.None;
                Pm.Reply(process.Endpoint, process.Answer);
            }
            if (process.KernelStopped && !process.JobStopped && !process.AwaitingKernel)
            {
                Kernel.RunCtl(process.Endpoint, RunCtlRequests.Resume);
                process.KernelStopped = false;
            }
        }

        // The kernel: a process PM stopped while a server held its call has its answer now.
        public static void CallAnswered(int record)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            if (!process.IsAlive || !process.AwaitingKernel || process.Faulted) return;
            process.AwaitingKernel = false;
            process.UnpauseSent = false;
            Deliver(record);
        }

        // The kernel: the process faulted (it is off the CPU); its signal is `signal`. As Linux's
        // force_sig_fault: a handler that may run gets the fault's frame and siginfo; a blocked
        // or ignored fault signal is taken back to its default action, which ends the process.
        public static void Fault(int record, int signal)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            if (!process.IsAlive) return;
            process.AwaitingKernel = process.Faulted = false;
            long state = Kernel.RunCtl(process.Endpoint, RunCtlRequests.Stop);
            process.KernelStopped = true;
            if (state != RunStates.Faulted)
            {
                // Not a fault after all (the kernel's KILL of someone): an ordinary signal.
                Raise(record, SignalInfo.FromKernel(signal));
                return;
            }
            ref SignalAction action = ref SignalActions.Of(record, signal);
            bool catchable = action.Handler != LinuxSignals.SIG_DFL && action.Handler != LinuxSignals.SIG_IGN
                             && (process.Mask & LinuxSignals.Bit(signal)) == 0;
            if (!catchable)
            {
                Terminate(record, signal, core: true);
                return;
            }
            if (!Send(record, signal, new SignalInfo { Signal = signal }, fault: true, callResult: 0)) return;
            Deliver(record);
        }

        // Ends the process for a signal: status = the signal, | 0x80 for a core dump (Lunix
        // writes no core file; the status says what Linux's would say where dumps are taken).
        public static void Terminate(int record, int signal, bool core)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            if (core)
            {
                Span<char> name = stackalloc char[ServiceLabel.Max];
                new ConsoleLine(stackalloc char[128]).Append("pm: ").Append(name.Slice(0, process.Name.CopyTo(name))).Append(" (pid ")
                    .Append((ulong)process.Pid).Append(") ended by signal ").Append((ulong)signal).Append(" (core)").Print();
            }
            ProcessExit.Exit(record, signal | (core ? 0x80 : 0));
        }

        // A stop signal's default action: the process stops (in the kernel too) until SIGCONT,
        // and its parent hears of it (SIGCHLD with CLD_STOPPED, unless SA_NOCLDSTOP; wait's
        // WUNTRACED).
        private static void JobStop(int record, int signal)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            process.JobStopped = true;
            process.StopSignal = signal;
            process.Report = ChildReport.Stopped;
            if (!process.KernelStopped)
            {
                Kernel.RunCtl(process.Endpoint, RunCtlRequests.Stop);
                process.KernelStopped = true;
            }
            ProcessExit.TellParent(record, LinuxSignals.CLD_STOPPED, signal);
        }

        private static void Continue(int record)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            process.JobStopped = false;
            process.Report = ChildReport.Continued;
            ProcessExit.TellParent(record, LinuxSignals.CLD_CONTINUED, LinuxSignals.SIGCONT);
        }

        // rt_sigtimedwait's signal has come: taken, and the call answers it. True when it did.
        private static bool TakeWaited(int record)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            int signal = PendingSignals.Lowest(PendingSignals.Of(record) & process.SignalWaitSet);
            if (signal == 0) return false;
            SignalInfo info = PendingSignals.Take(record, signal);
            if (process.SignalInfoAddress != 0)
            {
                Span<byte> bytes = stackalloc byte[SignalFrame.InfoSize];
                info.WriteTo(bytes);
                UserMemory.Write(process.Endpoint, process.SignalInfoAddress, bytes);
            }
            HeldCalls.Release(record);
            process.Held = HeldCall.Answer;
            process.Answer = signal;
            return true;
        }

        private enum Outcome { Delivered, Postponed, Waiting }

        // The handler of `signal` is to run: with a held call, at once; else once the process is
        // stopped and its call, if a server holds one, has its answer. Waiting: PM goes on when
        // the kernel says (the call's answer, or the fault's report that comes first), or the
        // process is gone. Postponed: a vfork parent, whose wait only SIGKILL ends.
        private static Outcome RunHandler(int record, int signal)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            if (process.Held == HeldCall.Vfork) return Outcome.Postponed;
            if (process.Held != HeldCall.None)
                return Send(record, signal, PendingSignals.Take(record, signal), fault: false, HeldCalls.Interrupted(record)) ? Outcome.Delivered : Outcome.Waiting;
            long state = Kernel.RunCtl(process.Endpoint, RunCtlRequests.Stop);
            process.KernelStopped = true;
            if (state == RunStates.InCall && !process.UnpauseSent)
            {
                process.UnpauseSent = true;
                VfsNews.Unpause(in process);
                state = Kernel.RunCtl(process.Endpoint, RunCtlRequests.Stop);
            }
            if (state == RunStates.InCall || state == RunStates.Faulted)
            {
                process.AwaitingKernel = true;
                process.Faulted = state == RunStates.Faulted;
                return Outcome.Waiting;
            }
            process.UnpauseSent = false;
            if (state != RunStates.Ready)
            {
                new ConsoleLine(stackalloc char[96]).Append("pm: pid ").Append((ulong)process.Pid).Append(" waits for PM, which holds no call of it").Print();
                return Outcome.Postponed;
            }
            return Send(record, signal, PendingSignals.Take(record, signal), fault: false, callResult: 0) ? Outcome.Delivered : Outcome.Waiting;
        }

        // SIGSEND, and the mask and action changes that go with a handler (Linux's
        // handle_signal): the signal and sa_mask blocked (the signal not with SA_NODEFER), the
        // action back to SIG_DFL with SA_RESETHAND, an SS_AUTODISARM alternate stack given up.
        // A frame that cannot be written ends the process with SIGSEGV, as Linux's
        // force_sigsegv.
        private static bool Send(int record, int signal, SignalInfo info, bool fault, long callResult)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            ref SignalAction action = ref SignalActions.Of(record, signal);
            var request = new SignalDeliveryRequest
            {
                Target = process.Endpoint, Signal = signal, Handler = action.Handler, Restorer = action.Restorer,
                Mask = process.Held == HeldCall.Suspend ? process.SavedMask : process.Mask, Stack = process.AltStack,
                CallResult = callResult,
                Flags = ((action.Flags & LinuxSignals.SA_ONSTACK) != 0 ? SignalDeliveryFlags.OnStack : 0)
                        | ((action.Flags & LinuxSignals.SA_RESTART) != 0 ? SignalDeliveryFlags.Restart : 0)
                        | (fault ? SignalDeliveryFlags.Fault : 0),
            };
            info.Signal = signal;
            unsafe
            {
                info.WriteTo(new Span<byte>(request.Info, SignalFrame.InfoSize));
            }
            ulong mask = process.Mask | action.Mask | ((action.Flags & LinuxSignals.SA_NODEFER) != 0 ? 0 : LinuxSignals.Bit(signal));
            // x86-64 Linux has no stub to return through: without SA_RESTORER the frame is bad.
            long sent = (action.Flags & LinuxSignals.SA_RESTORER) != 0 ? Kernel.SigSend(in request) : -(long)Errno.EFAULT;
            if (sent != 0)
            {
                if (sent != -(long)Errno.EFAULT)
                    new ConsoleLine(stackalloc char[96]).Append("pm: SIGSEND for pid ").Append((ulong)process.Pid).Append(" failed: ")
                        .Append((ulong)-sent).Print();
                if (signal == LinuxSignals.SIGSEGV) SignalActions.Of(record, signal) = default;
                Terminate(record, LinuxSignals.SIGSEGV, core: true);
                return false;
            }
            if (process.Held != HeldCall.None) HeldCalls.Release(record);
            process.Mask = mask & ~LinuxSignals.Unblockable;
            if ((action.Flags & LinuxSignals.SA_RESETHAND) != 0) action.Handler = LinuxSignals.SIG_DFL;
            if ((process.AltStack.Flags & LinuxSignals.SS_AUTODISARM) != 0) process.AltStack = default;
            return true;
        }
    }
}
