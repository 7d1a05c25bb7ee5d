using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // A message the kernel sends in a process's name (MINIX's mini_send with FROM_KERNEL): a
    // page fault or a memory request to the VM server, with the faulting process as its Source.
    // No privilege or deadlock check (the process did not ask; it is blocked by the kernel, not
    // by IPC, so it closes no cycle). Delivered at once when the target waits for it, else queued
    // behind the target's other senders like a SEND; either way the process is never resumed by
    // IPC for it: its release by the receive is a Resumption the kernel ignores for a process it
    // holds, and only the kernel lets it run again.
    public sealed partial class IpcEngine
    {
        public void SendOnBehalf(int process, int target, in Message message)
        {
            ref ProcessSlot from = ref slots[process];
            ref ProcessSlot to = ref slots[target];
            if (to.WillReceiveFrom(from.Endpoint))
            {
                HandOver(ref from, ref to, in message);
                Resume(target, withMessage: true, Errno.Ok);
                return;
            }
            from.Outgoing = message;
            from.Outgoing.Source = from.Endpoint;
            from.Flags |= ProcessFlags.Sending;
            from.SendTo = to.Endpoint;
            Enqueue(target, process);
        }
    }
}
