using Lunix.Ipc;
using Lunix.Kernel.Calls;
using Lunix.Kernel.Console;
using Lunix.Kernel.Diagnostics;

namespace Lunix.Kernel.Process
{
    // Signals the kernel raises (a ring-3 exception) or passes on (KILL), routed to each
    // process's own signal manager (MINIX's cause_sig) instead of one fixed server: the signal
    // joins the process's pending set, and the manager is told by a notification from the System
    // slot; it takes the set with GETKSIG and decides (RS restarts a crashed service, sends a
    // non-termination signal to it as a message, ends it for a termination signal).
    // A process without a live manager is handled here: a termination signal ends it. A process
    // that is its own manager (RS) has nobody to bring it back: a termination signal or a crash
    // of it is a panic (MINIX's cause_sig: "sig manager gets lethal signal for itself").
    public static class KernelSignals
    {
        public static void Raise(int slot, int signal)
        {
            if (!TryManagerOf(slot, out int manager))
            {
                if (!Signals.Terminates(signal)) return;
                if (IsOwnManager(slot)) LethalToOwnManager(slot, signal);
                SystemConsole.Print("lunix: %s (slot %d) ended by signal %d\n", ProcessTable.ImageOf(slot).Name, slot, signal);
                ProcessLifecycle.End(slot, ProcessState.Free);
                return;
            }
            ProcessTable.Slot(slot).PendingSignals |= Signals.Bit(signal);
            IpcDoor.NotifyFromSystem(manager);
        }

        // A ring-3 exception: the process cannot go on, so it is taken off the CPU and kept for its
        // manager with the exception's signal pending. False when it has no live manager (the
        // caller then stops it for good).
        public static bool SuspendForManager(int slot, int signal)
        {
            if (IsOwnManager(slot)) LethalToOwnManager(slot, signal);
            if (!TryManagerOf(slot, out _)) return false;
            Scheduler.Remove(slot);
            ProcessTable.Slot(slot).State = ProcessState.Suspended;
            Raise(slot, signal);
            return true;
        }

        // GETKSIG: the first process managed by `manager` with signals pending, whose set is
        // taken (cleared); false when there is none.
        public static bool TakePending(int manager, out int slot, out uint signals)
        {
            for (slot = 0; slot < ProcessTable.Slots; slot++)
            {
                ref Process process = ref ProcessTable.Slot(slot);
                if (process.PendingSignals == 0 || process.State == ProcessState.Free) continue;
                if (!IpcDoor.PrivilegesOf(slot).TryGetSignalManager(out int its) || its != manager) continue;
                signals = process.PendingSignals;
                process.PendingSignals = 0;
                return true;
            }
            signals = 0;
            return false;
        }

        private static bool IsOwnManager(int slot) => IpcDoor.PrivilegesOf(slot).TryGetSignalManager(out int manager) && manager == slot;

        private static void LethalToOwnManager(int slot, int signal) =>
            Panic.Now("%s (slot %d) is its own signal manager and got lethal signal %d: nobody can restart it", ProcessTable.ImageOf(slot).Name, slot, signal);

        private static bool TryManagerOf(int slot, out int manager)
        {
            if (!IpcDoor.PrivilegesOf(slot).TryGetSignalManager(out manager) || manager == slot) return false;
            return ProcessTable.Slot(manager).IsLive;
        }
    }
}
