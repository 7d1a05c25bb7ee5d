using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // A POSIX process's system call, which the kernel turns into a SENDREC in the process's name
    // to the server that owns the call (PosixDoor): the message is handed over at once when the
    // server waits for it, else queued behind its other senders; either way the process then
    // waits for the server's reply, exactly as after its own SENDREC, so the server may answer
    // whenever it likes and FORK can copy it there. No privilege or deadlock check: the process
    // did not ask (it has no IPC rights of its own), and it waits only on a server, which never
    // waits on it.
    public sealed partial class IpcEngine
    {
        // True when the message reached the server (released, with it in Incoming), false when
        // it was queued.
        public bool CallOnBehalf(int caller, int server, in Message message)
        {
            ref ProcessSlot from = ref slots[caller];
            ref ProcessSlot to = ref slots[server];
            from.Flags |= ProcessFlags.ReplyPending;
            if (to.WillReceiveFrom(from.Endpoint))
            {
                HandOver(ref from, ref to, in message);
                Resume(server, withMessage: true, Errno.Ok);
                from.Flags |= ProcessFlags.Receiving;
                from.ReceiveFrom = to.Endpoint;
                return true;
            }
            from.Outgoing = message;
            from.Outgoing.Source = from.Endpoint;
            from.Flags |= ProcessFlags.Sending | ProcessFlags.Receiving;
            from.SendTo = to.Endpoint;
            from.ReceiveFrom = to.Endpoint;
            Enqueue(server, caller);
            return false;
        }

        // CallOnBehalf's usual case, for the door's fast path: the server waits for the message
        // and may run (not held still by its manager). On true the message is handed over and
        // the caller waits for the reply, as CallOnBehalf leaves them, but the server is not in
        // the resumed list: the door makes it runnable itself (Scheduler.Handoff). On false
        // nothing changed.
        public bool TryCallOnBehalfFast(int caller, int server, in Message message)
        {
            ref ProcessSlot from = ref slots[caller];
            ref ProcessSlot to = ref slots[server];
            if (!to.WillRunOnReceiveFrom(from.Endpoint))
                return false;
            HandOver(ref from, ref to, in message);
            from.Flags |= ProcessFlags.ReplyPending | ProcessFlags.Receiving;
            from.ReceiveFrom = to.Endpoint;
            return true;
        }

        // The process's call ends without a reply (EXEC replaced its program, SIGRETURN its
        // registers): out of the server's queue if it was still there, no longer receiving.
        public void EndCall(int slot)
        {
            AbandonSend(slot);
            ref ProcessSlot process = ref slots[slot];
            process.Flags &= ~(ProcessFlags.Receiving | ProcessFlags.ReplyPending);
            process.ReceiveFrom = Endpoint.None;
        }
    }
}
