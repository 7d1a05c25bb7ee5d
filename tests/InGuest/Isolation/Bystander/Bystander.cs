using System.Runtime;
using Lunix.SystemLibrary;

namespace Lunix.Tests.InGuest.Bystander
{
    // The isolation suite's witness: an ordinary program at the spinner's priority, started after
    // the faulter and the spinner. It waits a fifth of a second (the faulter, more urgent, faults
    // meanwhile, and the spinner spins), then reports and exits: it can only get there if the
    // scheduler takes the CPU back from the spinner and the faulter's crash stopped nothing else.
    internal static class Bystander
    {
        private const long WaitTicks = 20;

        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Kernel.Sleep(WaitTicks);
            Kernel.Print("bystander: ran to its end beside the spinner");
            return 0;
        }
    }
}
