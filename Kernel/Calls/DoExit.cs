using Lunix.Abi;
using Lunix.Kernel.Console;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // EXIT: the process ends; its address space and slot are freed. A service with a live signal
    // manager is kept instead, suspended with SIGABRT pending, as after a crash: services never
    // end on their own, so its manager (RS) restarts it, as MINIX's RS does with a service that
    // exits unexpectedly. Freed, its slot would be out of RS's reach (RESTART needs the process).
    internal static class DoExit
    {
        public static long Run(int slot, int status)
        {
            SystemConsole.Print("lunix: %s exited with status %d\n", ProcessTable.ImageOf(slot).Name, status);
            if (!KernelSignals.SuspendForManager(slot, Signals.SIGABRT)) ProcessLifecycle.End(slot, ProcessState.Free);
            return 0;
        }
    }
}
