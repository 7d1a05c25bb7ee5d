using Lunix.Arch.X86;
using Lunix.Abi;
using Lunix.Kernel.Process;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Calls
{
    // UPDATE (MINIX's sys_update): a0 = the endpoint a service's clients use, a1 = the new
    // version's (SPAWN). The two programs trade slots; the endpoints stay. Afterwards a0 is served
    // by the new version (held since SPAWN, it runs from now on) and the old one waits at a1,
    // kept for a rollback (the same call again) until RS clears it. Clients never see the change:
    // their queued messages, notifications and grants stay with a0. A send either process was
    // blocked in is abandoned (a rollback may find the new version stuck anywhere in its
    // initialisation). Alarms stay with the slots too. Both must be managed by the caller
    // (ManagedTarget.ResolvePair).
    //
    // RS updating itself (a0 is its own signal manager): the caller is one of the two, and goes on
    // in the other slot. While its new version initialises, the old one (at a1) is a0's backup
    // signal manager, so that a crash of the new version reaches it instead of being a panic; the
    // swap back (a rollback, which that backup makes) ends the role, and so does the CLEAR of the
    // old version by the new one (DoClear).
    internal static unsafe class DoUpdate
    {
        public static long Run(int slot, long endpoint, long newEndpoint)
        {
            Errno refused = ManagedTarget.ResolvePair(slot, endpoint, newEndpoint, out int current, out int replacement);
            if (refused != Errno.Ok) return -(long)refused;
            // The privileges stay with the slot, like the endpoints, so the backup is set (or
            // cleared) before the swap: a refusal then leaves everything as it was.
            if (KernelSignals.IsOwnManager(current))
            {
                Ipc.Privileges privileges = IpcProcesses.PrivilegesOf(current);
                if (slot == current) privileges.SetBackupSignalManager(IpcProcesses.EndpointOf(replacement));
                else privileges.ClearBackupSignalManager();
                refused = IpcProcesses.SetPrivileges(current, privileges);
                if (refused != Errno.Ok) return -(long)refused;
            }
            Scheduler.Remove(current);
            Scheduler.Remove(replacement);
            ProcessTable.SwapPrograms(current, replacement);
            IpcProcesses.SwapPrograms(current, replacement);
            Requeue(current);
            Requeue(replacement);
            if (slot != current && slot != replacement) return 0;
            // The caller's program now lives in the other slot: its result goes into the frame
            // there (the dispatcher's frame holds the other program now), and the CPU forgets which
            // process it runs, so that the next switch loads the right frame top, vector-register
            // area and address space.
            ProcessTable.FrameOf(slot == current ? replacement : current)->Rax = 0;
            CpuLocal.Current.CurrentProcess = -1;
            return KernelCallTable.CallerMoved;
        }

        // A held new version runs from now on.
        private static void Requeue(int slot)
        {
            ProcessState state = ProcessTable.Slot(slot).State;
            if (state == ProcessState.Runnable || state == ProcessState.Held) Scheduler.MakeRunnable(slot);
        }
    }
}
