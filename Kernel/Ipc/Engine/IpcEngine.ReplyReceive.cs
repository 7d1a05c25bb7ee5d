using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // REPLYRECEIVE: a server's reply (SENDNB semantics) and its next RECEIVE from ANY, in one
    // trap instead of two. The reply goes first and must succeed: on any error nothing is
    // received and the caller learns the reply's fate. A receive from ANY cannot fail (it closes
    // no cycle), so an error always belongs to the reply.
    public sealed partial class IpcEngine
    {
        public IpcResult ReplyReceive(int caller, int destination, in Message message, long now)
        {
            Errno e = CheckSend(caller, Traps.ReplyReceive, ref destination, out int target);
            if (e != Errno.Ok)
                return IpcResult.Fail(e);
            e = DeliverOrQueue(caller, target, in message, blocking: false);
            if (e != Errno.Ok)
                return IpcResult.Fail(e);
            slots[caller].Flags &= ~ProcessFlags.ReplyPending;
            return ReceiveOrBlock(caller, Lunix.Abi.Endpoint.Any, NoSlot, now);
        }
    }
}
