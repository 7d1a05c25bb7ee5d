using Lunix.Abi;
using Lunix.Kernel.Process;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Calls
{
    // RESTART: replace a process the caller manages by a fresh copy of its program, from the
    // boot-image bytes the kernel keeps (ProgramImage), in the same slot with the same privileges.
    // a1 = 1 keeps its endpoint (clients retry and reach the new instance), 0 gives the slot's next
    // generation (clients must look the service up again). Whatever the old instance was doing
    // (suspended after a crash, or hung) ends first: its callers get EDEADSRCDST. Returns the new
    // endpoint.
    internal static class DoRestart
    {
        public static long Run(int slot, long endpoint, long keepEndpoint)
        {
            Errno refused = ManagedTarget.Resolve(slot, endpoint, out int target);
            if (refused != Errno.Ok) return -(long)refused;
            ProgramImage program = ProcessTable.ImageOf(target);
            ProcessLifecycle.End(target, ProcessState.Free, keepEndpoint != 0);
            int loaded = ProgramLoader.Load(program, target);
            return loaded < 0 ? loaded : IpcProcesses.EndpointOf(target);
        }
    }
}
