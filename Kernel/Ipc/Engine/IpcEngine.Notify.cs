using Lunix.Abi;

namespace Lunix.Kernel.Ipc
{
    // NOTIFY (MINIX's mini_notify): never blocks. Delivered at once to a destination receiving
    // from the notifier, unless it waits for a SENDREC reply; otherwise one pending bit per
    // notifier, so notifications from one source coalesce until the destination receives.
    public sealed partial class IpcEngine
    {
        public IpcResult Notify(int caller, int destination, long now)
        {
            Errno e = CheckSend(caller, Traps.Notify, ref destination, out int target);
            if (e != Errno.Ok)
                return IpcResult.Fail(e);
            NotifyFrom(caller, target, now);
            return IpcResult.Done;
        }

        private void NotifyFrom(int notifier, int target, long now)
        {
            ref ProcessSlot to = ref slots[target];
            int source = slots[notifier].Endpoint;
            if (to.WillReceiveFrom(source) && (to.Flags & ProcessFlags.ReplyPending) == 0)
            {
                to.Incoming = NotificationFrom(source, now);
                to.Flags &= ~ProcessFlags.Receiving;
                to.ReceiveFrom = Endpoint.None;
                Resume(target, withMessage: true, Errno.Ok);
                return;
            }
            to.PendingNotifications.Add(notifier);
        }
    }
}
