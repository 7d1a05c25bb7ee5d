using Lunix.Abi;

namespace Lunix.Servers.Rs
{
    // One service as RS tracks it once started (MINIX's struct rproc, the part RS needs here). A
    // program RS started but does not manage (no SEF: a test suite's client) keeps a record too,
    // so that it can be looked up, and RS knows it when it asks for something (Control).
    internal struct ServiceRecord
    {
        public ServiceLabel Label;
        public int Endpoint;
        public ServiceFlags Flags;
        public int PingTicks;               // 0: never pinged
        public ServiceState State;
        public InitKind Starting;           // while Starting: which kind of initialisation
        public ulong Deadline;              // Starting: the init timeout; Waiting: when to restart
        public ulong NextPing;
        public bool PingAnswered;           // since the last ping was sent
        public int Restarts;
        public int Crashes;
        public int QuickCrashes;            // crashes in a row, each soon after the restart before it
        public ulong LastRestart;           // tick
        public int Requester;               // a client waiting for a Restart or Update request's reply, or Endpoint.None
        public int OtherVersion;            // live update: the new version before the swap, the old one after
        public InitFault UpdateFault;       // live update: what the new version is to do wrong (tests)

        public readonly bool KeepsEndpoint => (Flags & ServiceFlags.KeepEndpoint) != 0;
        public readonly bool IsManaged => (Flags & ServiceFlags.Managed) != 0;
    }
}
