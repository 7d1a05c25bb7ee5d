using System.Runtime;
using System.Runtime.CompilerServices;

namespace Lunix.SystemLibrary
{
    // The first managed code of every program, called by _start (start.S) on the stack the kernel
    // mapped. Nothing here may touch a static before the runtime has initialised them.
    internal static unsafe class ProgramEntry
    {
        // Each program exports its main: [RuntimeExport("LunixProgramMain")] static int Main().
        [MethodImpl(MethodImplOptions.InternalCall)]
        [RuntimeImport("*", "LunixProgramMain")]
        private static extern int ProgramMain();

        [RuntimeExport("LunixProgramEntry")]
        private static void Run(byte* heap, ulong heapSize, void** modules, void** modulesEnd)
        {
            Internal.Runtime.Startup.Initialize(heap, (nuint)heapSize, modules, modulesEnd);
            Kernel.Exit(ProgramMain());
        }
    }
}
