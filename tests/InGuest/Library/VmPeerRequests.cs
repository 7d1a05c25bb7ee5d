using Lunix.Abi;

namespace Lunix.Tests.InGuest
{
    // The vm suite's requests to its second process (tests/InGuest/Vm/VmPeer), by SENDREC, so that vmtest
    // sees memory it shared from the other side: Word0 = an address in vmpeer's space. The reply
    // has the same type; Word1 = the value read, or UMAP's result (a physical address or a
    // negated Errno). Echo gives vmtest a message it knows to receive (it sends it back whole).
    public static class VmPeerRequests
    {
        public const int Read = 0x0980;     // reply Word1 = the 64-bit word at Word0
        public const int Write = 0x0981;    // store Word1 at Word0
        public const int Umap = 0x0982;     // reply Word1 = UMAP of Word0
        public const int Echo = 0x0983;     // the reply is the request, every word as it came
    }
}
