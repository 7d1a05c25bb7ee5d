using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Rs
{
    // Live update (MINIX's rs/update.c): a service replaced by a new copy of its program while
    // its clients keep talking to the same endpoint.
    //
    //   Begin      SPAWN starts the new version in a free slot, where it waits for an Init; the
    //              old one is asked to prepare.
    //   Ready      the old version is in a safe state with its state saved (or offered through a
    //              grant); UPDATE swaps the two programs, so the endpoint now runs the new one,
    //              which gets Init(LiveUpdate) and RS waits for it as for any start.
    //   Finish     it reported success: the old version is cleared.
    //   RollBack   it crashed, failed or timed out in its initialisation: UPDATE swaps back, the
    //              new version is cleared and the old one told to go on serving (Cancel).
    //   Abandon    the old version refused, crashed or timed out while preparing: the held new
    //              version is cleared before it ever ran.
    // The requester gets the service's endpoint, or the error that ended the update.
    internal static class LiveUpdate
    {
        public const ulong PrepareTimeoutTicks = 100;

        // The reply comes later (Endpoint.None) unless the update cannot start.
        public static long Begin(int index, InitFault fault, int requester, ulong now)
        {
            ref ServiceRecord service = ref ServiceTable.At(index);
            if (service.State != ServiceState.Up || service.Requester != Endpoint.None) return -(int)Errno.EBUSY;
            long spawned = Syscalls.KernelCall(KernelCalls.Spawn, service.Endpoint);
            if (spawned < 0) return spawned;
            Message prepare = default;
            prepare.Type = SefMessages.LiveUpdatePrepare;
            prepare.Payload<SefLiveUpdatePrepare>().Successor = service.Endpoint;
            prepare.Payload<SefLiveUpdatePrepare>().NewVersion = (int)spawned;
            long sent = AsyncSend.Send(service.Endpoint, prepare);
            if (sent != 0)
            {
                Syscalls.KernelCall(KernelCalls.Clear, spawned);
                return sent;
            }
            service.OtherVersion = (int)spawned;
            service.UpdateFault = fault;
            service.Requester = requester;
            service.State = ServiceState.Preparing;
            service.Deadline = now + PrepareTimeoutTicks;
            return Endpoint.None;
        }

        // The old version's LiveUpdateReady: its verdict, and the grant of its state.
        public static void Ready(int index, long result, int stateGrant, ulong now)
        {
            ref ServiceRecord service = ref ServiceTable.At(index);
            if (service.State != ServiceState.Preparing)
            {
                Cancel(service.Endpoint);           // too late (abandoned): it waits to be told
                return;
            }
            if (result != 0)
            {
                Abandon(index, "refused its live update; update abandoned, error", result, now);
                return;
            }
            long swapped = Syscalls.KernelCall(KernelCalls.Update, service.Endpoint, service.OtherVersion);
            if (swapped != 0)
            {
                Cancel(service.Endpoint);
                Abandon(index, "could not be swapped with its new version; update abandoned, error", swapped, now);
                return;
            }
            ServiceTable.SendInit(index, InitKind.LiveUpdate, now, service.OtherVersion, stateGrant, service.UpdateFault);
        }

        public static void Finish(int index, ulong now)
        {
            ref ServiceRecord service = ref ServiceTable.At(index);
            Syscalls.KernelCall(KernelCalls.Clear, service.OtherVersion);
            ServiceTable.MarkUp(ref service, now);
            ServiceTable.Report(index, "updated to its new version", 0);
            ServiceTable.AnswerRequester(ref service, service.Endpoint);
        }

        public static void RollBack(int index, string why, long error, ulong now)
        {
            ref ServiceRecord service = ref ServiceTable.At(index);
            ServiceTable.Report(index, why, (ulong)-error);
            long swapped = Syscalls.KernelCall(KernelCalls.Update, service.Endpoint, service.OtherVersion);
            Syscalls.KernelCall(KernelCalls.Clear, service.OtherVersion);
            ServiceTable.AnswerRequester(ref service, error);
            ServiceTable.MarkUp(ref service, now);
            if (swapped == 0) Cancel(service.Endpoint);
            else ServiceTable.Crashed(index, now);  // the old version went with the cleared slot: restart it
        }

        public static void Abandon(int index, string why, long error, ulong now)
        {
            ref ServiceRecord service = ref ServiceTable.At(index);
            ServiceTable.Report(index, why, (ulong)-error);
            Syscalls.KernelCall(KernelCalls.Clear, service.OtherVersion);
            ServiceTable.MarkUp(ref service, now);
            ServiceTable.AnswerRequester(ref service, error);
        }

        private static void Cancel(int endpoint)
        {
            Message cancel = default;
            cancel.Type = SefMessages.LiveUpdateCancel;
            AsyncSend.Send(endpoint, cancel);
        }
    }
}
