namespace Lunix.Abi
{
    // Requests to RS (Servers/Rs), by SENDREC, each an RsRequest naming the service by its label
    // (client side: Libs/SystemLibrary/ReincarnationServer.cs). RS answers with SENDNB, so a
    // caller that does not wait gets no reply; the reply is of type Reply, an RsReply.
    public static class RsRequests
    {
        public const int Lookup = 0x0700;       // reply Result = the service's current endpoint
        public const int Restart = 0x0701;      // restart it now; reply once it is up again (Result = its endpoint)
        public const int FaultInject = 0x0702;  // inject Fault into it; reply at once
        public const int Status = 0x0703;       // reply Result = its endpoint, with State, Restarts and Crashes
        public const int Update = 0x0704;       // live update to a new copy of its program, UpdateFault (tests);
                                                // reply once done (Result = its endpoint) or rolled back (a negated Errno)
        public const int Start = 0x0705;        // load a service of RS's table that starts on request (ServiceStart.Request);
                                                // only for a caller whose entry has ServiceFlags.Control (else EPERM);
                                                // reply once it runs, a managed one once initialised (Result = its endpoint)
        public const int Last = Start;
        public const int Reply = 0x0780;
    }

    // Every request to RS (MINIX's mess_rs_req): the service, and what FaultInject and Update add.
    public struct RsRequest : IMessagePayload
    {
        public ServiceLabel Label;
        public FaultKind Fault;             // FaultInject: what the service is to do
        public InitFault UpdateFault;       // Update: what the new version is to do wrong in its initialisation
    }

    // RS's answer to every request.
    public struct RsReply : IMessagePayload
    {
        public long Result;                 // 0, an endpoint, or a negated Errno (ENOENT: no such service)
        public ServiceState State;          // Status
        public int Restarts;                // Status: restarts by RS since boot
        public int Crashes;                 // Status
    }

    // A service as RS sees it.
    public enum ServiceState
    {
        Starting = 1,       // sent Init, waiting for InitDone
        Up = 2,
        Waiting = 3,        // crashed again soon after a restart: restarts after its backoff delay
        Down = 4,           // failed its initialisation, or could not be restarted: taken down
        Preparing = 5,      // live update: the old version is asked to reach a safe state and save its state
                            // (then Starting, with the new version at the endpoint, until it reports)
    }
}
