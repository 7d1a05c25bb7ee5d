using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // FORK's IPC side (MINIX's sys_fork): the parent asked a server (VM) to duplicate it and waits
    // in a SENDREC whose request the server has taken. The child must wait in the same place, so
    // that the server's reply to each (SENDNB) releases it, as if the child had made the call
    // itself. It gets a new endpoint and the parent's rights, and nothing else: no queued
    // senders, pending notifications or SENDA table (those were meant for, or are to be sent by,
    // the parent alone). A child of a system process gets a record of its own, a copy of its
    // parent's; a child of a user process shares the user record, as its parent does.
    public sealed partial class IpcEngine
    {
        private const ProcessFlags AwaitingReply = ProcessFlags.Receiving | ProcessFlags.ReplyPending;

        // `child` (a free slot) becomes the copy of `parent`, which must be waiting for the reply
        // of `server` (EINVAL otherwise: still sending, in a plain receive, running, or waiting
        // for someone else); EDEADSRCDST for a free parent, EAGAIN when the child of a system
        // process finds no privilege record free. Nothing changes on an error.
        public Errno Fork(int parent, int child, int server, out int endpoint)
        {
            endpoint = Endpoint.None;
            if ((uint)parent >= (uint)slots.Length || (uint)server >= (uint)slots.Length)
                return Errno.EINVAL;
            ref ProcessSlot from = ref slots[parent];
            if (from.IsFree)
                return Errno.EDEADSRCDST;
            if (from.Flags != AwaitingReply || from.ReceiveFrom != slots[server].Endpoint)
                return Errno.EINVAL;
            Errno e = CheckFree(child);
            if (e != Errno.Ok)
                return e;
            int id = UserRecord;
            if (from.PrivilegeId != UserRecord && !TryTakeRecord(in records[from.PrivilegeId], out id))
                return Errno.EAGAIN;
            endpoint = Enter(child, id);
            ref ProcessSlot copy = ref slots[child];
            copy.Flags = AwaitingReply;
            copy.ReceiveFrom = from.ReceiveFrom;
            return Errno.Ok;
        }
    }
}
