using System.Runtime;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Init
{
    // The first program the kernel starts in ring 3.
    internal static class Init
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Kernel.Print("init: hello from ring 3");
            return 0;
        }
    }
}
