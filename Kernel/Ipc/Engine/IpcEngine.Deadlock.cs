namespace Lunix.Kernel.Ipc
{
    // MINIX's deadlock(): before a process blocks on `target`, follow the chain of what each
    // process in it is blocked on; arriving back at the caller means blocking would close a cycle
    // of processes that can never run again, so the call fails with ELOCKED instead.
    public sealed partial class IpcEngine
    {
        private bool ClosesCycle(int caller, int target, bool sending)
        {
            int self = slots[caller].Endpoint;
            if (target == self)
                return true;   // sending to or receiving from oneself can never complete
            int groupSize = 1;
            // Cycles not through the caller cannot exist (this check keeps them out), so the walk
            // ends within the table; the bound only guards the kernel against a broken invariant.
            for (int steps = 0; steps < slots.Length && target != Lunix.Abi.Endpoint.Any; steps++)
            {
                ref ProcessSlot next = ref slots[Lunix.Abi.Endpoint.SlotOf(target)];
                groupSize++;
                target = next.BlockedOn;
                if (target == Lunix.Abi.Endpoint.None)
                    return false;
                if (target == self)
                {
                    // Two processes facing each other are no deadlock when one sends and the other
                    // receives: that is a rendezvous (which the caller's primitive then completes).
                    bool otherSending = (next.Flags & ProcessFlags.Sending) != 0;
                    return groupSize != 2 || otherSending == sending;
                }
            }
            return false;
        }
    }
}
