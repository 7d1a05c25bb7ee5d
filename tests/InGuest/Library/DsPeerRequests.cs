using Lunix.Abi;

namespace Lunix.Tests.InGuest
{
    // The ds suite's request to its second process (tests/InGuest/Ds/DsPeer), by SENDREC: "make
    // this DS request as yourself", a DsPeerForward. The reply is DS's reply as it came, or a
    // DsReply whose Result is the SENDREC's error when DS could not be reached. So the suite's
    // client checks ownership and notifications between two processes with one protocol.
    public static class DsPeerRequests
    {
        public const int Forward = 0x0680;
    }

    public struct DsPeerForward : IMessagePayload
    {
        public DsRequest Request;           // as DS is to get it
        public int RequestType;             // its type (the forward's own is Forward)
    }
}
