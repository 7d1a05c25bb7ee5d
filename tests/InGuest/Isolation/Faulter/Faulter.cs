using System.Runtime;
using System.Runtime.CompilerServices;
using Lunix.SystemLibrary;

namespace Lunix.Tests.InGuest.Faulter
{
    // A ring-3 program that writes to an address nothing maps, started by the isolation suite:
    // the kernel must stop and report it, and everything else must go on.
    internal static unsafe class Faulter
    {
        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            Kernel.Print("faulter: writing to unmapped memory");
            TouchUnmapped();
            Kernel.Print("faulter: still alive (this must not happen)");
            return 1;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void TouchUnmapped() => *(int*)Opaque(0x10000) = 1;

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static ulong Opaque(ulong value) => value;
    }
}
