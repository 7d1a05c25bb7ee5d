using System.Runtime;
using Lunix.SystemLibrary;

namespace Lunix.Tests.InGuest.InitHangs
{
    // A service whose initialisation never reports (the recovery suite): RS must give up on it
    // after its timeout, take it down, and start the services after it as usual.
    internal static class InitHangs
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Sef.Startup(new HangingInit());
            return 0;
        }
    }

    internal sealed class HangingInit : SefService
    {
        // Waits for a message that never comes, as a service stuck on a dead peer would.
        public override int InitFresh()
        {
            while (true) Syscalls.Receive(Lunix.Abi.BootEndpoints.Kernel, out _);
        }
    }
}
