using Lunix.Abi;
using Lunix.Kernel.Process;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Calls
{
    // SPAWN: a0 = the endpoint of a process the caller manages, or the caller itself when it is
    // its own signal manager (RS updating itself). Loads a second copy of its program in a free
    // slot, with the same privileges: the new version of a live update. The copy is held, not
    // run, until UPDATE moves it to the service's slot: it then waits for its Init there (a
    // service's from RS; RS's own new version's from the old one, which it finds at the endpoint
    // GETINFO InfoSpawnedAt gives, since UPDATE moved the old version there). Returns the new
    // process's own endpoint (for UPDATE, and for CLEAR if the update is abandoned).
    internal static class DoSpawn
    {
        public static long Run(int slot, long endpoint)
        {
            Errno refused = ManagedTarget.ResolveOrSelf(slot, endpoint, out int target);
            if (refused != Errno.Ok) return -(long)refused;
            int loaded = ProgramLoader.Load(ProcessTable.ImageOf(target), -1);
            if (loaded < 0) return loaded;
            Scheduler.Remove(loaded);
            ref Process.Process process = ref ProcessTable.Slot(loaded);
            process.State = ProcessState.Held;
            process.SpawnedAt = IpcProcesses.EndpointOf(loaded);
            return process.SpawnedAt;
        }
    }
}
