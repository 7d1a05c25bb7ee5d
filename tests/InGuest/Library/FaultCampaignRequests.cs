using Lunix.Abi;

namespace Lunix.Tests.InGuest
{
    // The faultinject suite's two processes (tests/InGuest/FaultInject/FaultCampaign,
    // tests/InGuest/FaultInject/FaultClient). The campaign hands the client one round of ordinary
    // requests at a time with SENDNB (a client still stuck in an earlier round cannot take it:
    // ENOTREADY) and waits for RoundDone with an alarm, so a request that never returns shows up
    // as a hung round instead of a stuck suite.
    public static class FaultCampaignRequests
    {
        public const int Round = 0x0900;        // campaign -> client: a RoundAssignment
        public const int RoundDone = 0x0901;    // client -> campaign (SEND): a RoundReport
    }

    public struct RoundAssignment : IMessagePayload
    {
        public RoundKind Kind;
        public int Server;                  // the server's endpoint
        public long Number;                 // the round's number, also the value a store round publishes
    }

    public struct RoundReport : IMessagePayload
    {
        public long Number;                 // the round's
        public int FirstError;              // 0 or the first failed request's negated Errno
        public int Made;                    // requests made
        public int Succeeded;
        public int Wrong;                   // requests that "succeeded" with a wrong answer (a greeting that is
                                            // not one, a value not the one published): never acceptable
    }

    public enum RoundKind
    {
        Device = 1,     // a hello driver: open, read its greeting, close
        Store = 2,      // DS: publish a u32 (overwrite), retrieve it, compare
    }
}
