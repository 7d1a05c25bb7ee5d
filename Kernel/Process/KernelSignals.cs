using Lunix.Abi;
using Lunix.Kernel.Calls;
using Lunix.Kernel.Console;
using Lunix.Kernel.Diagnostics;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Process
{
    // Signals the kernel raises (a ring-3 exception) or passes on (KILL), routed to each
    // process's own signal manager (MINIX's cause_sig) instead of one fixed server: the signal
    // joins the process's pending set, and the manager is told by a notification from the System
    // slot; it takes the set with GETKSIG and decides (RS restarts a crashed service, sends a
    // non-termination signal to it as a message, ends it for a termination signal).
    // A process without a live manager is handled here: a termination signal ends it. A process
    // that is its own manager (RS) has nobody to bring it back: a termination signal or a crash
    // of it is a panic (MINIX's cause_sig: "sig manager gets lethal signal for itself"), except
    // while RS updates itself: then its signals go to its backup manager, the old version, which
    // rolls the update back (MINIX's s_bak_sig_mgr). The backup keeps the role until the
    // rollback's UPDATE ends it, since that UPDATE is allowed only to the backup.
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
            PendingSignals.Add(slot, Signals.Bit(signal));
            KernelMessages.NotifyFromSystem(manager);
        }

        // A ring-3 exception: the process cannot go on, so it is taken off the CPU and kept for its
        // manager with the exception's signal pending. False when it has no live manager (the
        // caller then stops it for good).
        public static bool SuspendForManager(int slot, int signal)
        {
            if (!TryManagerOf(slot, out _))
            {
                if (IsOwnManager(slot)) LethalToOwnManager(slot, signal);
                return false;
            }
            Scheduler.Remove(slot);
            ProcessTable.Slot(slot).State = ProcessState.Suspended;
            Raise(slot, signal);
            return true;
        }

        // GETKSIG: the first process whose signals `manager` handles (as its manager, or as the
        // backup of RS) with signals pending; false when there is none. They stay pending until
        // Collected, once the manager has its report.
        public static bool FindPending(int manager, out int slot, out uint signals)
        {
            for (slot = PendingSignals.NextAtOrAfter(0); slot >= 0; slot = PendingSignals.NextAtOrAfter(slot + 1))
            {
                if (slot == manager || !TryManagerOf(slot, out int its) || its != manager) continue;
                signals = PendingSignals.Of(slot);
                return true;
            }
            signals = 0;
            return false;
        }

        // The signals FindPending reported are the manager's now; any raised since stay pending.
        public static void Collected(int slot, uint signals) => PendingSignals.Take(slot, signals);

        public static bool IsOwnManager(int slot) => IpcProcesses.PrivilegesOf(slot).TryGetSignalManager(out int manager) && manager == slot;

        // The slot of the live backup manager of a process that is its own manager: the old RS
        // while RS updates itself.
        public static bool TryBackupOf(int slot, out int backup)
        {
            backup = -1;
            return IsOwnManager(slot) && IpcProcesses.PrivilegesOf(slot).TryGetBackupSignalManager(out int endpoint)
                   && IpcProcesses.TryResolve(endpoint, out backup) && ProcessTable.Slot(backup).IsLive;
        }

        private static void LethalToOwnManager(int slot, int signal) =>
            Panic.Now("%s (slot %d) is its own signal manager and got lethal signal %d: nobody can restart it", ProcessTable.ImageOf(slot).Name, slot, signal);

        // The live process that handles the process's signals: its manager, or for a process that
        // is its own manager, its backup.
        private static bool TryManagerOf(int slot, out int manager)
        {
            if (!IpcProcesses.PrivilegesOf(slot).TryGetSignalManager(out manager)) return false;
            if (manager == slot) return TryBackupOf(slot, out manager);
            return ProcessTable.Slot(manager).IsLive;
        }
    }
}
