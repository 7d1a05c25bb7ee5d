using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // A process its signal manager holds still (MINIX's RTS_PROC_STOP and sys_runctl): PM stops a
    // POSIX process before it changes the process's registers or answers for it, so that nothing
    // the process receives meanwhile (a server's answer to its call) lets it run. The engine
    // keeps the flag with the other IPC states, as MINIX does, so that its fast paths, which make
    // their receiver runnable, leave a stopped one to the general path; the kernel looks at it
    // wherever a wait of the process ends (MessageDelivery, VmSuspension).
    public sealed partial class IpcEngine
    {
        public void SetStopped(int slot, bool stopped)
        {
            ref ProcessSlot process = ref slots[slot];
            if (stopped) process.Flags |= ProcessFlags.Stopped;
            else process.Flags &= ~ProcessFlags.Stopped;
        }

        public bool IsStopped(int slot) => (slots[slot].Flags & ProcessFlags.Stopped) != 0;

        // A call made on the process's behalf (CallOnBehalf) that still waits in its server's
        // queue is taken back, as if never made: true when there was one. Its server never saw it.
        public bool WithdrawCall(int slot)
        {
            const ProcessFlags Queued = ProcessFlags.Sending | ProcessFlags.ReplyPending;
            if ((slots[slot].Flags & Queued) != Queued) return false;
            AbandonSend(slot);
            return true;
        }
    }
}
