using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // The ids the kernel answers getpid, gettid and getppid with (POSIXIDS): PM tells it a
    // process's pid and its parent's whenever it gives them or re-parents the process, so those
    // calls, which programs make more than any other, need no message to PM. Until the kernel has
    // them (a process between its creation and this), it sends those calls to PM as any other.
    internal static class KernelIds
    {
        public static void Tell(in PosixProcess process) =>
            Syscalls.KernelCall(KernelCalls.PosixIds, process.Endpoint, process.Pid, process.ParentPid);
    }
}
