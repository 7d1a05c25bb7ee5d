namespace Lunix.Kernel.Ipc
{
    // A slot's IPC state (MINIX's RTS_* and MF_REPLY_PEND). A process is runnable, as far as IPC
    // is concerned, when neither Sending nor Receiving is set. Only SENDREC sets both: blocked in
    // its send phase, it is already committed to receive the reply from the same endpoint.
    [System.Flags]
    public enum ProcessFlags : byte
    {
        None = 0,
        Free = 1,           // no process in the slot
        Sending = 2,        // blocked until its message (kept in the slot) is taken
        Receiving = 4,      // blocked until a message from ReceiveFrom arrives
        ReplyPending = 8,   // in a SENDREC: only a message from the destination ends the receive
    }
}
