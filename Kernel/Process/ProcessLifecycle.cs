using Lunix.Arch.X86;
using Lunix.Kernel.Boot;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Process
{
    // Ending a process: off the run queues, out of its address space (the kernel's tables are
    // loaded first: an active space cannot be destroyed), and either freed or kept as a stopped
    // record. When the last process that is not a daemon is gone and the `poweroff` option asked
    // for it, the machine turns off. keepEndpoint: the slot's next occupant gets the same endpoint
    // (RS restarting a service whose policy keeps it).
    public static class ProcessLifecycle
    {
        public static void End(int slot, ProcessState finalState, bool keepEndpoint = false)
        {
            ref Process process = ref ProcessTable.Slot(slot);
            Scheduler.Remove(slot);
            IpcProcesses.Release(slot, keepEndpoint);
            Calls.DoSetAlarm.Cancel(slot);
            Interrupts.IrqLines.Detach(slot);
            Console.KernelLog.Release(slot);
            Console.SystemConsole.ReleaseScreen(slot);
            ref PerCpu cpu = ref CpuLocal.Current;
            if (cpu.CurrentProcess == slot)
            {
                cpu.CurrentProcess = -1;
                KernelAddressSpace.Switch(KernelAddressSpace.Kernel);
            }
            Scheduler.Forget(in process);
            process.Space.Destroy();
            process.State = finalState;
            PendingSignals.Forget(slot);
            if (slot == VmSuspension.VmSlot) VmSuspension.VmEnded();
            if (KernelOptions.PowerOffWhenReady && !AnyWorkLeft()) BootSequence.PowerOffNow();
        }

        private static bool AnyWorkLeft()
        {
            for (int i = 0; i < ProcessTable.Slots; i++)
            {
                ref Process process = ref ProcessTable.Slot(i);
                // A boot program RS has not let run yet (init) is work still to come.
                if ((process.IsLive || process.State == ProcessState.Loaded) && !ProcessTable.ImageOf(i).Daemon) return true;
            }
            return false;
        }
    }
}
