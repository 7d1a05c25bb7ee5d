namespace Lunix.Abi
{
    // A notification (NOTIFY, and the kernel's own from its Kernel and System slots), delivered
    // as a message of type Message.NotifyMessage from the notifier. Notifications to the same
    // receiver coalesce: one message stands for every one sent since the last was received.
    public struct Notification : IMessagePayload
    {
        // The clock tick it was delivered at: the NOTIFY's own when the receiver was waiting,
        // else that of the RECEIVE that took it from the pending-notification bits.
        public long Timestamp;
    }
}
