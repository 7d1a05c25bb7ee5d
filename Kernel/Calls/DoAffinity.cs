using Lunix.Abi;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // AFFINITY: a0 = the endpoint of a POSIX process the caller manages (PM), a1 = the processors
    // it may run on from now (bit n: processor n; sched_setaffinity's mask), 0 to leave them as
    // they are (sched_getaffinity). Returns the processors it may run on: those of its mask that
    // are online. A mask with no online processor is EINVAL and changes nothing. A process whose
    // processor the new mask leaves out moves to one it allows (Scheduler.Move), let go first by
    // the processor running it, so that it runs only where it may from the call's return on.
    internal static class DoAffinity
    {
        public static long Run(int slot, long endpoint, ulong mask)
        {
            Errno refused = ManagedTarget.ResolvePosix(slot, endpoint, out int target);
            if (refused != Errno.Ok) return -(long)refused;
            ref Process.Process process = ref ProcessTable.Slot(target);
            if (mask != 0)
            {
                if ((mask & Scheduler.OnlineMask) == 0) return -(long)Errno.EINVAL;
                process.Affinity = mask;
                if ((Scheduler.Allowed(in process) & (1UL << process.Cpu)) == 0) Scheduler.Move(target);
            }
            return (long)Scheduler.Allowed(in process);
        }
    }
}
