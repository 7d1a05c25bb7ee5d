using Lunix.Ipc;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // UPDATE (MINIX's sys_update): a0 = the endpoint a service's clients use, a1 = the new
    // version's (SPAWN). The two programs trade slots; the endpoints stay. Afterwards a0 is served
    // by the new version and the old one waits at a1, kept for a rollback (the same call again)
    // until RS clears it. Clients never see the change: their queued messages, notifications and
    // grants stay with a0. A send either process was blocked in is abandoned (a rollback may find
    // the new version stuck anywhere in its initialisation). Both must be managed by the caller.
    internal static class DoUpdate
    {
        public static long Run(int slot, long endpoint, long newEndpoint)
        {
            Errno refused = ManagedTarget.Resolve(slot, endpoint, out int current);
            if (refused != Errno.Ok) return -(long)refused;
            refused = ManagedTarget.Resolve(slot, newEndpoint, out int replacement);
            if (refused != Errno.Ok) return -(long)refused;
            if (replacement == current) return -(long)Errno.EINVAL;
            Scheduler.Remove(current);
            Scheduler.Remove(replacement);
            ProcessTable.SwapPrograms(current, replacement);
            IpcDoor.SwapPrograms(current, replacement);
            Requeue(current);
            Requeue(replacement);
            return 0;
        }

        private static void Requeue(int slot)
        {
            if (ProcessTable.Slot(slot).State == ProcessState.Runnable) Scheduler.MakeRunnable(slot);
        }
    }
}
