namespace Lunix.Abi
{
    // Requests to RS (Servers/Rs), by SENDREC; Word0-Word1 carry the service's label
    // (ServiceLabel). RS answers with SENDNB, so a caller that does not wait gets no reply.
    // The reply's Word0 is 0, an endpoint, or a negated Errno (ENOENT: no such service).
    public static class RsRequests
    {
        public const int Lookup = 0x0700;       // reply Word0 = the service's current endpoint
        public const int Restart = 0x0701;      // restart it now; reply once it is up again (Word0 = its endpoint)
        public const int FaultInject = 0x0702;  // Word2 = FaultKind injected into it; reply at once
        public const int Status = 0x0703;       // reply Word0 = endpoint, Word1 = ServiceState, Word2 = restarts, Word3 = crashes
        public const int Update = 0x0704;       // live update to a new copy of its program, Word2 = InitFault (tests);
                                                // reply once done (Word0 = its endpoint) or rolled back (a negated Errno)
        public const int Start = 0x0705;        // load a service of RS's table that starts on request (ServiceStart.Request);
                                                // only for a caller whose entry has ServiceFlags.Control (else EPERM);
                                                // reply once it runs, a managed one once initialised (Word0 = its endpoint)
        public const int Last = Start;
        public const int Reply = 0x0780;
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
