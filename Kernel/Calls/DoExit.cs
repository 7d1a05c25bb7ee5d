using Lunix.Kernel.Console;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // EXIT: the process ends; its address space and slot are freed.
    internal static class DoExit
    {
        public static long Run(int slot, int status)
        {
            SystemConsole.Print("lunix: %s exited with status %d\n", ProcessTable.ImageOf(slot).Name, status);
            ProcessLifecycle.End(slot, ProcessState.Free);
            return 0;
        }
    }
}
