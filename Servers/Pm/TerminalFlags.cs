using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Pm
{
    // What a terminal must know of a caller to answer a background read or write as Linux does
    // (Abi/CharDriverRequests.cs CallerFlags): whether it ignores or blocks SIGTTIN and SIGTTOU.
    // Only PM knows; VFS hands the flags to the driver with each request, and hears them from PM
    // with the process's ids (VfsNews), again whenever a call changed them (a shell's child that
    // still ignores SIGTTOU calls tcsetpgrp before its exec, and must not be stopped for it).
    internal static class TerminalFlags
    {
        public static int Of(int record)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            int flags = 0;
            if (IgnoresOrBlocks(record, process.Mask, LinuxSignals.SIGTTIN)) flags |= CallerFlags.IgnoresTtin;
            if (IgnoresOrBlocks(record, process.Mask, LinuxSignals.SIGTTOU)) flags |= CallerFlags.IgnoresTtou;
            return flags;
        }

        // The calls that change a disposition or the mask for good (a handler's own mask is put
        // back by its sigreturn): only after these is there anything to tell.
        public static bool MayChange(long call) =>
            call == LinuxCalls.RtSigaction || call == LinuxCalls.RtSigprocmask || call == LinuxCalls.RtSigreturn
            || call == LinuxCalls.Execve || call == LinuxCalls.Execveat;

        // After a call: VFS hears of a change.
        public static void TellIfChanged(int record)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            if (!process.IsAlive || Of(record) == process.ToldCallerFlags) return;
            VfsNews.TerminalFlagsChanged(in process);
        }

        private static bool IgnoresOrBlocks(int record, ulong mask, int signal) =>
            (mask & LinuxSignals.Bit(signal)) != 0 || SignalActions.Of(record, signal).Handler == LinuxSignals.SIG_IGN;
    }
}
