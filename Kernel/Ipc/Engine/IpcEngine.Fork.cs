using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // FORK's IPC side (MINIX's sys_fork): the parent asked a server (VM) to duplicate it and waits
    // in a SENDREC whose request the server has taken. The child must wait in the same place, so
    // that the server's reply to each (SENDNB) releases it, as if the child had made the call
    // itself. It gets a new endpoint and the parent's privileges, and nothing else: no queued
    // senders, pending notifications or SENDA table (those were meant for, or are to be sent by,
    // the parent alone).
    public sealed partial class IpcEngine
    {
        private const ProcessFlags AwaitingReply = ProcessFlags.Receiving | ProcessFlags.ReplyPending;

        // `child` (a free slot) becomes the copy of `parent`, which must be waiting for the reply
        // of `server` (EINVAL otherwise: still sending, in a plain receive, running, or waiting
        // for someone else); EDEADSRCDST for a free parent. Nothing changes on an error.
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
            Errno e = Occupy(child, in from.Privileges, out endpoint);
            if (e != Errno.Ok)
                return e;
            ref ProcessSlot copy = ref slots[child];
            copy.Flags = AwaitingReply;
            copy.ReceiveFrom = from.ReceiveFrom;
            return Errno.Ok;
        }
    }
}
