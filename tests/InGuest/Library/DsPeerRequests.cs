namespace Lunix.Tests.InGuest
{
    // The ds suite's request to its second process (tests/InGuest/Ds/DsPeer), by SENDREC: "make this DS
    // request as yourself". The message is a DS request (Abi/DsRequests.cs) with Type = Forward
    // and the DS request's own type in Word6, which DS does not read. The reply is DS's reply as
    // it came, or Word0 = the SENDREC's error when DS could not be reached. So the suite's
    // client checks ownership and notifications between two processes with one protocol.
    public static class DsPeerRequests
    {
        public const int Forward = 0x0680;
    }
}
