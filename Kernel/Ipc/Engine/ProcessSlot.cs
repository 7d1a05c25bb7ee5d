using System.Runtime.CompilerServices;
using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // One entry of the process table, as far as IPC is concerned (MINIX's struct proc fields
    // p_rts_flags, p_sendto_e, p_getfrom_e, p_sendmsg, p_delivermsg, p_caller_q, p_q_link and
    // p_priv, and the priv fields s_notify_pending, s_asyn_pending, s_asyntab). The kernel keeps
    // the rest of a process (registers, address space, scheduling) in its own records, indexed by
    // the same slot.
    public struct ProcessSlot
    {
        public int Endpoint;            // generation * Endpoint.GenerationSize + slot
        public int Generation;          // of the current occupant, or of the next one when free
        public ProcessFlags Flags;
        public int SendTo;              // while Sending: the destination endpoint
        public int ReceiveFrom;         // while Receiving: the source endpoint or Endpoint.Any

        // Senders blocked on this process, oldest first: an intrusive list through NextInQueue,
        // so queueing never allocates (each process is in at most one queue, its SendTo's).
        public int CallerQueueHead;
        public int CallerQueueTail;
        public int NextInQueue;

        public Message Outgoing;        // a blocked sender's message, copied in before the call
        public Message Incoming;        // the message delivered to this process, to copy out

        public SlotBitmap PendingNotifications;     // by notifier slot
        public SlotBitmap PendingAsync;             // by slot of a SENDA table with entries for us

        public ulong AsyncTable;        // the registered SENDA table, opaque to the engine
        public int AsyncCount;          // its number of entries; 0: none registered

        // The privilege record this process uses (MINIX's p_priv): one of its own for a system
        // process, IpcEngine.UserRecord, shared, for a user process. Stays with the slot when
        // UPDATE swaps two programs, as the endpoint does.
        public int PrivilegeId;

        public readonly bool IsFree => (Flags & ProcessFlags.Free) != 0;
        public readonly bool IsBlocked => (Flags & (ProcessFlags.Sending | ProcessFlags.Receiving)) != 0;

        // MINIX's P_BLOCKEDON: what this process waits for, the link the deadlock walk follows.
        public readonly int BlockedOn =>
            (Flags & ProcessFlags.Sending) != 0 ? SendTo :
            (Flags & ProcessFlags.Receiving) != 0 ? ReceiveFrom :
            Lunix.Abi.Endpoint.None;

        // MINIX's WILLRECEIVE: waiting in a receive (not still sending) that accepts `source`.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly bool WillReceiveFrom(int source) =>
            (Flags & (ProcessFlags.Sending | ProcessFlags.Receiving)) == ProcessFlags.Receiving &&
            (ReceiveFrom == Lunix.Abi.Endpoint.Any || ReceiveFrom == source);

        // WillReceiveFrom, and not held still by its manager: the fast paths make the receiver
        // runnable, so a stopped one is left to the general path (the same test, one more bit).
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly bool WillRunOnReceiveFrom(int source) =>
            (Flags & (ProcessFlags.Sending | ProcessFlags.Receiving | ProcessFlags.Stopped)) == ProcessFlags.Receiving &&
            (ReceiveFrom == Lunix.Abi.Endpoint.Any || ReceiveFrom == source);
    }
}
