namespace Lunix.Kernel.Ipc
{
    // A slot's IPC state (MINIX's RTS_* and MF_REPLY_PEND). A process is runnable, as far as IPC
    // is concerned, when neither Sending nor Receiving is set. Only SENDREC sets both: blocked in
    // its send phase, it is already committed to receive the reply from the same endpoint.
    // Stopped (MINIX's RTS_PROC_STOP): its signal manager holds it still; its IPC goes on (a
    // reply still reaches it), but nothing it receives makes it run until the manager lets go.
    [System.Flags]
    public enum ProcessFlags : byte
    {
        None = 0,
        Free = 1,           // no process in the slot
        Sending = 2,        // blocked until its message (kept in the slot) is taken
        Receiving = 4,      // blocked until a message from ReceiveFrom arrives
        ReplyPending = 8,   // in a SENDREC: only a message from the destination ends the receive
        Stopped = 16,       // held still by its signal manager (RUNCTL)
    }
}
