using Lunix.Abi;
using Lunix.Kernel.Process;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Calls
{
    // KILL: raise signal a1 on the process at endpoint a0 (MINIX's sys_kill). It goes to the
    // target's signal manager, or, when it has none, ends the target if it is a termination signal.
    internal static class DoKill
    {
        public static long Run(int slot, long endpoint, long signal)
        {
            if (signal < 1 || signal >= Signals.Count) return -(long)Errno.EINVAL;
            if (!IpcProcesses.TryResolve(endpoint, out int target)) return -(long)Errno.EDEADSRCDST;
            KernelSignals.Raise(target, (int)signal);
            return 0;
        }
    }
}
