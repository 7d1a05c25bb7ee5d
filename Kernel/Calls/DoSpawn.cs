using Lunix.Ipc;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // SPAWN: a0 = the endpoint of a process the caller manages. Starts a second copy of its
    // program in a free slot, with the same privileges: the new version of a live update. Its
    // SEF start-up waits for RS's Init, which RS sends only once UPDATE has moved it to the
    // service's endpoint. Returns the new process's own endpoint (for UPDATE, and for CLEAR if
    // the update is abandoned).
    internal static class DoSpawn
    {
        public static long Run(int slot, long endpoint)
        {
            Errno refused = ManagedTarget.Resolve(slot, endpoint, out int target);
            if (refused != Errno.Ok) return -(long)refused;
            int loaded = ProgramLoader.Load(ProcessTable.ImageOf(target), -1);
            return loaded < 0 ? -(long)Errno.ENOMEM : IpcDoor.EndpointOf(loaded);
        }
    }
}
