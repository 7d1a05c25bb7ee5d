using Lunix.Abi;

namespace Lunix.Tests.InGuest
{
    // The IPC suite's requests to pong beyond its plain echo (tests/InGuest/Ipc/Pong answers every request
    // with its type plus one): ones that make pong act before it replies, so ping can check what
    // reaches it meanwhile.
    public static class PongRequests
    {
        public const int NotifyThrice = 0x2001;     // NOTIFY the caller three times, then reply
        public const int AsyncEntries = 0x2002;     // SENDA two entries (below), then reply with Word0 = 1 if they behaved
        public const int AsyncMessage = 0x3000;     // the type of the AMF_NOREPLY entry sent to the caller
        public const int DeadSlot = 20;             // the slot of AsyncEntries' AMF_NOTIFY_ERR entry: never occupied
    }
}
