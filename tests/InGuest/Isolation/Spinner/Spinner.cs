using System.Runtime;
using Lunix.SystemLibrary;

namespace Lunix.Tests.InGuest.Spinner
{
    // An endless loop in ring 3, started by the isolation suite: the other processes must keep
    // running beside it, which only preemption by the timer makes possible.
    internal static class Spinner
    {
        private static ulong s_rounds;

        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Kernel.Print("spinner: spinning forever");
            while (true) System.Threading.Volatile.Write(ref s_rounds, s_rounds + 1);
        }
    }
}
