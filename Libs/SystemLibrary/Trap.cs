using System.Runtime.InteropServices;

namespace Lunix.SystemLibrary
{
    // A deliberate invalid-opcode fault (trap.S): how a program that cannot go on hands itself
    // to the kernel's fault path, which stops it and reports it.
    internal static class Trap
    {
        [DllImport("*", EntryPoint = "lunix_trap_now"), SuppressGCTransition]
        public static extern void Now();
    }
}
