using Lunix.Abi;

namespace Lunix.Tests.InGuest
{
    // The IPC suite's requests to pong beyond its plain echo (tests/InGuest/Ipc/Pong answers every
    // request with its type plus one and the payload as it came): ones that make pong act before
    // it replies, so ping can check what reaches it meanwhile.
    public static class PongRequests
    {
        public const int NotifyThrice = 0x2001;     // NOTIFY the caller three times, then reply
        public const int AsyncEntries = 0x2002;     // SENDA two entries (below), then reply with an AsyncEntriesReply
        public const int AsyncMessage = 0x3000;     // the type of the AMF_NOREPLY entry sent to the caller
        public const int DeadSlot = 20;             // the slot of AsyncEntries' AMF_NOTIFY_ERR entry: never occupied
    }

    public struct AsyncEntriesReply : IMessagePayload
    {
        public bool Behaved;                        // both entries did what their flags say
    }

    // Pong's answer to ping's NOTIFY: the notification sent back, timed (notify_delivery).
    public struct NotifyEcho : IMessagePayload
    {
        public ulong WokenAt;                       // the TSC pong read first thing when it ran
    }
}
