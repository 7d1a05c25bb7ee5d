using Lunix.Abi;

namespace Lunix.Tests.InGuest
{
    // The faultinject suite's two processes (tests/InGuest/FaultInject/FaultCampaign, tests/InGuest/FaultInject/FaultClient). The
    // campaign hands the client one round of ordinary requests at a time with SENDNB (a client
    // still stuck in an earlier round cannot take it: ENOTREADY) and waits for RoundDone with an
    // alarm, so a request that never returns shows up as a hung round instead of a stuck suite.
    public static class FaultCampaignRequests
    {
        // campaign -> client: Word0 = RoundKind, Word1 = the server's endpoint, Word2 = the
        // round's number (also the value a store round publishes).
        public const int Round = 0x0900;

        // client -> campaign (SEND): Word0 = 0 or the first request's negated Errno, Word1 = the
        // round's number, Word2 = requests made, Word3 = requests that succeeded, Word4 = requests
        // that "succeeded" with a wrong answer (a greeting that is not one, a value not the one
        // published): never acceptable, whatever the fault.
        public const int RoundDone = 0x0901;
    }

    public enum RoundKind
    {
        Device = 1,     // a hello driver: open, read its greeting, close
        Store = 2,      // DS: publish a u32 (overwrite), retrieve it, compare
    }
}
