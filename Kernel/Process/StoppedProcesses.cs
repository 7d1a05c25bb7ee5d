using Lunix.Abi;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Process
{
    // Processes their signal manager holds still (RUNCTL; the Stopped flag is the IPC engine's,
    // as MINIX keeps RTS_PROC_STOP with the other RTS flags). Wherever a wait of a process ends (a
    // server answered its call, VM resolved its fault, EXEC or a signal frame replaced what it
    // waited in) it runs again, unless it is stopped: then it stays off the CPU with what it got,
    // and its manager, which may be waiting for exactly that, is told (Signals.CallAnswered).
    public static class StoppedProcesses
    {
        public static bool IsStopped(int slot) => IpcProcesses.Engine.IsStopped(slot);

        public static void WaitEnded(int slot)
        {
            if (!IpcProcesses.Engine.IsStopped(slot))
            {
                Scheduler.MakeRunnable(slot);
                return;
            }
            ProcessTable.Slot(slot).State = ProcessState.Blocked;
            KernelSignals.Raise(slot, Signals.CallAnswered);
        }
    }
}
