using Lunix.Abi;

namespace Lunix.Tests.InGuest
{
    // The vm suite's requests to its second process (tests/InGuest/Vm/VmPeer), by SENDREC, so that
    // vmtest sees memory it shared from the other side. Read, Write and Umap are a VmPeerAccess,
    // answered with the same type and layout; Echo gives vmtest a message it knows to receive
    // (vmpeer sends it back whole: its payload is any bytes).
    public static class VmPeerRequests
    {
        public const int Read = 0x0980;     // reply Value = the 64-bit word at Address
        public const int Write = 0x0981;    // store Value at Address
        public const int Umap = 0x0982;     // reply Value = UMAP of Address (a physical address or a negated Errno)
        public const int Echo = 0x0983;
    }

    public struct VmPeerAccess : IMessagePayload
    {
        public ulong Address;               // in vmpeer's space
        public long Value;
    }
}
