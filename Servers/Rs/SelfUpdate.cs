using System;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Rs
{
    // RS live-updates itself (MINIX's `service update rs`): RS's endpoint goes on serving, run by
    // a new copy of RS's program that takes the old one's state over.
    //
    //   Begin      in a safe state (RsState.IsSafe) the old version SPAWNs a copy of itself (held
    //              by the kernel, so it never acts as a boot RS), offers its state through a grant
    //              made out to RS's endpoint, and UPDATEs itself with the copy: the new version now
    //              runs at RS's endpoint with RS's privileges and the old one goes on here, in the
    //              spare slot, as RS's backup signal manager. It sends the new one Init(LiveUpdate)
    //              and waits (Await).
    //   TakeState  the new version copies the state in its initialisation (SEF's InitLiveUpdate);
    //   TakeOver   then clears the old version, which ends the backup role, and answers whoever
    //              asked for the update with RS's endpoint (or goes on with the rs.do queue).
    //   RollBack   the new version crashed (the kernel tells the old one, its backup manager),
    //              reported failure, or had not cleared the old one in time: the old one UPDATEs
    //              back into RS's slot, clears the new one and answers the requester with the error.
    // The old version waits synchronously: requests sent to RS meanwhile stay queued on RS's
    // endpoint and are served by whichever version ends up there.
    internal static class SelfUpdate
    {
        public static readonly ServiceLabel Label = ServiceLabel.From("rs");

        // Never moved (Lunix's heaps do not move objects), so the grant's address holds.
        private static readonly byte[] s_image = new byte[RsState.Size(ServiceTable.Capacity, CommandLineQueue.Capacity)];
        private static int s_previous = Endpoint.None, s_requester = Endpoint.None;

        // Returns only when the update did not happen: EBUSY, a kernel call's error, or the error
        // the new version was rolled back for. On success this version is cleared by the new one.
        public static long Begin(InitFault fault, int requester)
        {
            if (!RsState.IsSafe(ServiceTable.Records, AsyncSend.AllDelivered)) return -(int)Errno.EBUSY;
            long spawned = Syscalls.KernelCall(KernelCalls.Spawn, BootEndpoints.Rs);
            if (spawned < 0) return spawned;
            int grant = Offer(requester);
            long swapped = grant < 0 ? grant : Syscalls.KernelCall(KernelCalls.Update, BootEndpoints.Rs, spawned);
            if (swapped != 0)
            {
                if (grant >= 0) GrantTable.Revoke(grant);
                Syscalls.KernelCall(KernelCalls.Clear, spawned);
                return swapped;
            }
            // From here on this is the old version, at `spawned`; RS's endpoint runs the new one.
            long outcome = Initialise((int)spawned, grant, fault);
            RollBack((int)spawned);
            GrantTable.Revoke(grant);
            return outcome;
        }

        // The new version's InitLiveUpdate: the old one's state, from its grant.
        public static int TakeState(int previous)
        {
            s_previous = previous;
            int copied = Sef.TakeState(s_image);
            if (copied != 0) return copied;
            int read = RsState.Read(s_image, ServiceTable.Capacity, CommandLineQueue.Capacity, out RsStateHeader header,
                                    out ReadOnlySpan<ServiceRecord> services, out ReadOnlySpan<CommandLineRequest> requests);
            if (read != 0) return read;
            ServiceTable.Adopt(services);
            CommandLineQueue.Adopt(requests, header.NextRequest);
            s_requester = header.Requester;
            if (header.RequesterIsPosix != 0) ServiceCommand.Remember(s_requester);
            return 0;
        }

        // The new version, initialised: the old one goes, and the requester hears of success.
        public static void TakeOver()
        {
            Syscalls.KernelCall(KernelCalls.Clear, s_previous);
            Report("updated to its new version", 0);
            ServiceTable.Answer(s_requester, BootEndpoints.Rs);
        }

        // A read grant of the whole state image to RS's endpoint (the new version's, once swapped).
        private static int Offer(int requester)
        {
            int length = RsState.Write(s_image, ServiceTable.Records, CommandLineQueue.Requests, CommandLineQueue.Next, requester,
                                       ServiceCommand.IsPosixRequester(requester));
            if (length < 0) return length;
            return GrantTable.GrantReadable(BootEndpoints.Rs, s_image);
        }

        private static long Initialise(int self, int grant, InitFault fault)
        {
            Message init = default;
            init.Type = SefMessages.Init;
            init.Payload<SefInit>() = new SefInit { Kind = InitKind.LiveUpdate, Previous = self, Label = Label, StateGrant = grant, Fault = fault };
            long sent = AsyncSend.Send(BootEndpoints.Rs, init);
            return sent != 0 ? sent : Await(Kernel.Ticks() + ServiceTable.InitTimeoutTicks);
        }

        // Nobody but the new version, the kernel's alarm and the kernel's signal notice knows this
        // slot's endpoint, so every message here is about the update. A successful new version
        // answers InitDone(0) and clears this process before the deadline: this never returns then.
        private static long Await(ulong deadline)
        {
            while (true)
            {
                ulong now = Kernel.Ticks();
                if (now >= deadline)
                {
                    Report("new version did not initialise in time; rolled back", (ulong)Errno.ETIMEDOUT);
                    return -(int)Errno.ETIMEDOUT;
                }
                Syscalls.KernelCall(KernelCalls.SetAlarm, (long)(deadline - now));
                if (Syscalls.Receive(Endpoint.Any, out Message message) != 0) continue;
                if (message.Source == BootEndpoints.System && NewVersionCrashed())
                {
                    Report("new version crashed in its initialisation; rolled back", (ulong)Errno.EDEADSRCDST);
                    return -(int)Errno.EDEADSRCDST;
                }
                if (message.Source == BootEndpoints.Rs && message.Type == SefMessages.InitDone && message.Payload<SefInitDone>().Result is int failed and not 0)
                {
                    Report("new version failed its initialisation; rolled back, error", (ulong)-failed);
                    return failed;
                }
            }
        }

        // The kernel's signals for RS's slot, which reach this process as RS's backup manager.
        private static bool NewVersionCrashed()
        {
            bool crashed = false;
            while (Kernel.TakeSignals(out SignalReport report) == 0 && report.Endpoint != Endpoint.None)
                for (int signal = 1; signal < Signals.Count; signal++)
                    if (report.Endpoint == BootEndpoints.Rs && (report.Signals & Signals.Bit(signal)) != 0 && Signals.Terminates(signal)) crashed = true;
            return crashed;
        }

        // Back into RS's slot (allowed to RS's backup manager, which this process is until then),
        // the new version cleared. RS cannot go on from the spare slot: if the kernel refuses, stop.
        private static void RollBack(int spawned)
        {
            if (Syscalls.KernelCall(KernelCalls.Update, BootEndpoints.Rs, spawned) != 0)
                Kernel.Abort("rs: cannot roll its own live update back");
            Syscalls.KernelCall(KernelCalls.Clear, spawned);
        }

        private static void Report(string what, ulong number)
        {
            var line = new ConsoleLine(stackalloc char[96]).Append("rs: rs ").Append(what);
            if (number != 0) line = line.Append(" ").Append(number);
            line.Print();
        }
    }
}
