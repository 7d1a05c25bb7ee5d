using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Tests.InGuest.InitFails
{
    // A service whose initialisation reports failure (the recovery suite): RS must take it down
    // and report it, and start the services after it as usual.
    internal static class InitFails
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Sef.Startup(new FailingInit());
            return 0;
        }
    }

    internal sealed class FailingInit : SefService
    {
        public override int InitFresh() => -(int)Errno.ENOMEM;
    }
}
