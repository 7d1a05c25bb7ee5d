using Lunix.Abi;

namespace Lunix.Servers.Pm
{
    // What PM knows of each POSIX process (MINIX's mproc), by the slot of its endpoint: its pid,
    // its parent, whether it runs or is a zombie waiting to be reaped, and, while it waits in
    // wait4, what it waits for.
    internal enum ProcessPhase { Free, Alive, Zombie }

    internal struct PosixProcess
    {
        public ProcessPhase Phase;
        public int Pid;
        public int ParentPid;
        public int Endpoint;
        public ServiceLabel Name;
        public int WaitStatus;              // a zombie's: Linux's encoding (exit code << 8, or the signal)
        public bool Waiting;                // blocked in wait4 for one of its children
        public long WaitFor;                // -1: any child; a pid
        public ulong WaitStatusAddress;     // where wait4 writes the status (0: nowhere)
    }

    internal static class PosixProcesses
    {
        public const int InitPid = 1;

        private static readonly PosixProcess[] s_table = new PosixProcess[Endpoint.Slots];
        private static int s_lastPid;

        public static ref PosixProcess At(int slot) => ref s_table[slot];

        public static ref PosixProcess OfEndpoint(int endpoint) => ref s_table[Endpoint.SlotOf(endpoint)];

        public static bool IsKnown(int endpoint) =>
            s_table[Endpoint.SlotOf(endpoint)].Phase != ProcessPhase.Free && s_table[Endpoint.SlotOf(endpoint)].Endpoint == endpoint;

        public static int Count => s_table.Length;

        // A new process at `endpoint`: its pid.
        public static int Add(int endpoint, int parentPid, ServiceLabel name)
        {
            ref PosixProcess process = ref OfEndpoint(endpoint);
            process = default;
            process.Phase = ProcessPhase.Alive;
            process.Pid = ++s_lastPid;
            process.ParentPid = parentPid;
            process.Endpoint = endpoint;
            process.Name = name;
            return process.Pid;
        }

        // The slot of the process with `pid`, or -1.
        public static int SlotOfPid(int pid)
        {
            for (int slot = 0; slot < s_table.Length; slot++)
                if (s_table[slot].Phase != ProcessPhase.Free && s_table[slot].Pid == pid) return slot;
            return -1;
        }
    }
}
