using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // Live update (MINIX's sys_update): two processes of one service trade places. What belongs
    // to the endpoint stays in its slot: the endpoint itself, the senders queued on it, pending
    // notifications and SENDA entries addressed to it, the privileges. What belongs to the running
    // program moves with it: the receive it is blocked in (from whom, and a message delivered but
    // not yet copied out) and its own SENDA table, which lives in its memory.
    public sealed partial class IpcEngine
    {
        // Takes the process out of a send it is blocked in (its message is never delivered), so
        // that nobody's queue points at a slot whose program is about to change. A process that
        // only receives keeps waiting.
        public void AbandonSend(int slot)
        {
            ref ProcessSlot process = ref slots[slot];
            if ((process.Flags & ProcessFlags.Sending) == 0)
                return;
            RemoveFromQueue(Endpoint.SlotOf(process.SendTo), slot);
            process.Flags &= ~(ProcessFlags.Sending | ProcessFlags.Receiving | ProcessFlags.ReplyPending);
            process.SendTo = process.ReceiveFrom = Endpoint.None;
        }

        // Swaps the programs' side of two slots; neither may be in a send (AbandonSend first).
        public void SwapPrograms(int a, int b)
        {
            ref ProcessSlot x = ref slots[a];
            ref ProcessSlot y = ref slots[b];
            const ProcessFlags Receive = ProcessFlags.Receiving | ProcessFlags.ReplyPending;
            ProcessFlags xFlags = x.Flags & Receive;
            x.Flags = (x.Flags & ~Receive) | (y.Flags & Receive);
            y.Flags = (y.Flags & ~Receive) | xFlags;
            (x.ReceiveFrom, y.ReceiveFrom) = (y.ReceiveFrom, x.ReceiveFrom);
            (x.Incoming, y.Incoming) = (y.Incoming, x.Incoming);
            (x.AsyncTable, y.AsyncTable) = (y.AsyncTable, x.AsyncTable);
            (x.AsyncCount, y.AsyncCount) = (y.AsyncCount, x.AsyncCount);
        }
    }
}
