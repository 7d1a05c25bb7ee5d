using Lunix.Abi.Linux;

namespace Lunix.Servers.Pm
{
    // Each process's sigaction for each signal (MINIX's mp_sigact), by record, and what a signal
    // does to a process given it (signal(7)): caught by a handler, ignored, or the default action.
    internal struct SignalAction
    {
        public ulong Handler;               // SIG_DFL, SIG_IGN or the handler's address
        public ulong Flags;                 // SA_*
        public ulong Restorer;              // sa_restorer
        public ulong Mask;                  // sa_mask, without SIGKILL and SIGSTOP
    }

    internal enum Disposition : byte { Handle, Ignore, Terminate, Core, Stop, Continue }

    internal static class SignalActions
    {
        private static readonly SignalAction[] s_actions = new SignalAction[PosixProcesses.MaxProcesses * LinuxSignals.Max];

        public static ref SignalAction Of(int record, int signal) => ref s_actions[record * LinuxSignals.Max + signal - 1];

        // What the signal does now.
        public static Disposition DispositionOf(int record, int signal)
        {
            ref SignalAction action = ref Of(record, signal);
            if (signal == LinuxSignals.SIGKILL) return Disposition.Terminate;
            if (signal == LinuxSignals.SIGSTOP) return Disposition.Stop;
            if (action.Handler == LinuxSignals.SIG_IGN) return Disposition.Ignore;
            if (action.Handler != LinuxSignals.SIG_DFL) return Disposition.Handle;
            return LinuxSignals.DefaultOf(signal) switch
            {
                LinuxSignals.DefaultAction.Core => Disposition.Core,
                LinuxSignals.DefaultAction.Ignore => Disposition.Ignore,
                LinuxSignals.DefaultAction.Stop => Disposition.Stop,
                LinuxSignals.DefaultAction.Continue => Disposition.Continue,
                _ => Disposition.Terminate,
            };
        }

        // Linux's sig_ignored: a signal that would do nothing is dropped when sent, unless it is
        // blocked (its action may change before it is unblocked).
        public static bool IsIgnoredWhenSent(int record, int signal, ulong mask)
        {
            if ((mask & LinuxSignals.Bit(signal)) != 0) return false;
            Disposition disposition = DispositionOf(record, signal);
            return disposition == Disposition.Ignore || disposition == Disposition.Continue;
        }

        // fork: the child's are the parent's.
        public static void Copy(int from, int to)
        {
            for (int signal = 1; signal <= LinuxSignals.Max; signal++) Of(to, signal) = Of(from, signal);
        }

        // execve: caught signals go back to their default action; ignored ones stay ignored.
        public static void ResetCaught(int record)
        {
            for (int signal = 1; signal <= LinuxSignals.Max; signal++)
            {
                ref SignalAction action = ref Of(record, signal);
                if (action.Handler != LinuxSignals.SIG_IGN) action = default;
                else action.Flags = action.Restorer = action.Mask = 0;
            }
        }

        public static void ResetAll(int record)
        {
            for (int signal = 1; signal <= LinuxSignals.Max; signal++) Of(record, signal) = default;
        }
    }
}
