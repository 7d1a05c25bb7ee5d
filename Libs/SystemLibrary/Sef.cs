using System;
using System.Runtime.InteropServices;
using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // The system event framework every server links (MINIX's SEF): its receive loop handles the
    // system's own events before the server sees a message. Startup waits for RS's Init and runs
    // the matching callback of the server's SefService; Receive answers RS's pings, takes signals
    // (as messages, or for a signal manager from the kernel), prepares a live update and injects
    // the faults RS asks for, and returns only the server's own messages.
    public static class Sef
    {
        private static SefService s_service;
        private static bool s_garbageNextReply;
        private static int s_garbageReplies;

        // Live update, in the new version: the old version (now at another endpoint) and the
        // grant of the state it offered. In the old version: the endpoint the new one will have,
        // and the grant of the state offered to it (-1: none).
        private static int s_previous, s_previousStateGrant = -1;
        private static int s_successor, s_offeredStateGrant = -1;
        // In the old version: where the new version waits until the swap (OfferImage shares memory
        // there), and the bounds of the image it offered, which the new version checks.
        private static int s_newVersion;
        private static ulong s_offeredImageStart, s_offeredImageEnd;

        [DllImport("*", EntryPoint = "lunix_writable_image"), SuppressGCTransition]
        private static extern unsafe void WritableImage(ulong* start, ulong* end);

        public static InitKind StartedAs { get; private set; }

        // The service's name, as RS gave it with Init (its DS label).
        public static ServiceLabel Label { get; private set; }

        // Blocks until RS initialises this service, then reports the callback's result to RS. A
        // service whose initialisation fails keeps waiting: RS takes it down.
        public static void Startup(SefService service)
        {
            s_service = service;
            AwaitInit(BootEndpoints.Rs);
        }

        // RS itself: nobody initialises the initialiser (MINIX's RS runs its own fresh init),
        // except in RS's update of itself. Its new version, held by the kernel until UPDATE moved
        // it into RS's slot, is told by GETINFO where SPAWN loaded it: the old version now waits
        // there, and initialises it like RS any service (kind LiveUpdate, the state's grant).
        public static void StartupSelf(SefService service)
        {
            s_service = service;
            long spawnedAt = Syscalls.KernelCall(KernelCalls.GetInfo, GetInfoRequests.SpawnedAt);
            if (spawnedAt < 0 || spawnedAt == Endpoint.None) StartedAs = InitKind.Fresh;
            else AwaitInit((int)spawnedAt);
        }

        // The Init from `initiator` (RS, or RS's old version), the callback for its kind, InitDone.
        private static void AwaitInit(int initiator)
        {
            while (true)
            {
                if (Syscalls.Receive(initiator, out Message message) != 0 || message.Type != SefMessages.Init) continue;
                ref SefInit init = ref message.Payload<SefInit>();
                StartedAs = init.Kind;
                Label = init.Label;
                s_previous = init.Previous;
                s_previousStateGrant = init.StateGrant;
                int result = StartedAs switch
                {
                    InitKind.Restart => s_service.InitRestart(),
                    InitKind.LiveUpdate => s_service.InitLiveUpdate(s_previous),
                    _ => s_service.InitFresh(),
                };
                if (init.Fault != InitFault.None) result = Commit(init.Fault, result);
                Message done = default;
                done.Type = SefMessages.InitDone;
                done.Payload<SefInitDone>().Result = result;
                Syscalls.Send(initiator, done);
                if (result == 0) return;
            }
        }

        // The next message for the server itself, or a negated Errno from RECEIVE.
        public static int Receive(out Message message)
        {
            while (true)
            {
                int received = Syscalls.Receive(Endpoint.Any, out message);
                if (received != 0 || !HandledHere(ref message)) return received;
            }
        }

        // A server's reply to a client waiting in SENDREC; a client that is not waiting gets
        // nothing (SENDNB's rule), so no client can block a server. It goes out with the server's
        // next system call, fused with the next Receive when that comes first (Syscalls.HoldReply).
        // After an injected GarbageReply fault,
        // the next reply carries a garbage type and payload instead: its clients must cope, and
        // must check the type, since the garbage result is in turn 0 (success), a byte count or a
        // wild negative number.
        public static void Reply(int client, ref Message reply)
        {
            if (s_garbageNextReply)
            {
                s_garbageNextReply = false;
                reply.Type = SefMessages.Garbage;
                ref GarbageReply garbage = ref reply.Payload<GarbageReply>();
                garbage.Result = (s_garbageReplies++ % 3) switch { 0 => 0, 1 => 21, _ => unchecked((long)0xDEADBEEFDEADBEEF) };
                garbage.Junk = unchecked((long)0xDEADBEEFDEADBEEF);
            }
            Syscalls.HoldReply(client, in reply);
        }

        private static bool HandledHere(ref Message message)
        {
            int source = message.Source;
            if (message.Type == Message.NotifyMessage)
            {
                if (source == BootEndpoints.Rs) Syscalls.Notify(BootEndpoints.Rs);     // a ping
                else if (source == BootEndpoints.System) TakeManagedSignals();
                else return false;
                return true;
            }
            if (source != BootEndpoints.Rs) return false;
            switch (message.Type)
            {
                case SefMessages.Signal: s_service.Signal(message.Payload<SefSignal>().Number); return true;
                case SefMessages.LiveUpdatePrepare:
                    ref SefLiveUpdatePrepare prepare = ref message.Payload<SefLiveUpdatePrepare>();
                    PrepareLiveUpdate(prepare.Successor, prepare.NewVersion);
                    return true;
                case SefMessages.FaultInject: Inject(message.Payload<SefFaultInject>().Kind); return true;
                default: return false;
            }
        }

        private static void TakeManagedSignals()
        {
            while (Kernel.TakeSignals(out SignalReport report) == 0 && report.Endpoint != Endpoint.None)
                s_service.ManagedSignals(report.Endpoint, report.Signals);
        }

        // In SaveState: offers `state` to the new version, which copies it in its InitLiveUpdate
        // with TakeState. The memory must stay as it is until the update ends.
        public static int OfferState(ReadOnlySpan<byte> state)
        {
            int grant = GrantTable.GrantReadable(s_successor, state);
            if (grant < 0) return grant;
            s_offeredStateGrant = grant;
            return 0;
        }

        // In InitLiveUpdate: fills `state` from the state the old version offered. ENOENT when it
        // offered none.
        public static int TakeState(Span<byte> state)
        {
            if (s_previousStateGrant < 0) return -(int)Errno.ENOENT;
            return new GrantedSlice<Readable>(s_previous, s_previousStateGrant, 0, (ulong)state.Length).CopyTo(state);
        }

        // A live update of a server whose state is all in its memory (MINIX's state transfer
        // between versions of one layout), in SaveState: the memory it mapped (OwnRegions) is
        // shared with the new version at the same addresses, and its writable image (every
        // static and the object heap) is offered for TakeImage to copy whole. Nothing is
        // serialised: the new version, the same program, finds every table where the old one
        // left it. The old version must be between two messages with nothing of its own in
        // flight: PrepareImage says whether it is.
        public static unsafe int OfferImage()
        {
            for (int i = 0; i < OwnRegions.Count; i++)
            {
                long shared = VirtualMemory.MapMemory(s_newVersion, OwnRegions.StartOf(i), OwnRegions.LengthOf(i), VmShareMode.Shared, sameAddress: true);
                if (shared < 0) return (int)shared;
            }
            ulong start, end;
            WritableImage(&start, &end);
            s_offeredImageStart = start;
            s_offeredImageEnd = end;
            return OfferState(new ReadOnlySpan<byte>((void*)start, (int)(end - start)));
        }

        // PrepareLiveUpdate's answer for such a server: EBUSY while a message it sent by SENDA is
        // still undelivered (its table is in the image, but the kernel delivers from the old
        // version's), else 0.
        public static int PrepareImage() => AsyncSend.AllDelivered ? 0 : -(int)Errno.EBUSY;

        // In InitLiveUpdate: this version's writable image becomes the old version's, then what
        // SEF knows of this start is put back (the copy brought the old version's). EINVAL when
        // the old version's image has other bounds (another layout: the update rolls back).
        public static unsafe int TakeImage()
        {
            if (s_previousStateGrant < 0) return -(int)Errno.ENOENT;
            ulong start, end;
            WritableImage(&start, &end);
            SefService service = s_service;
            InitKind kind = StartedAs;
            ServiceLabel label = Label;
            int previous = s_previous, stateGrant = s_previousStateGrant;
            int copied = new GrantedSlice<Readable>(previous, stateGrant, 0, end - start).CopyTo(new Span<byte>((void*)start, (int)(end - start)));
            if (copied != 0) return copied;
            int offered = s_offeredStateGrant;
            bool sameLayout = s_offeredImageStart == start && s_offeredImageEnd == end;
            s_service = service;
            StartedAs = kind;
            Label = label;
            s_previous = previous;
            s_previousStateGrant = stateGrant;
            s_successor = s_newVersion = Endpoint.None;
            s_offeredStateGrant = -1;
            if (!sameLayout) return -(int)Errno.EINVAL;
            GrantTable.Revoke(offered);                 // the old version's offer, now in this table
            return GrantTable.Reload();                 // the kernel reads this table (the same address)
        }

        // The old version of a live update: once ready it serves nobody, waiting for RS to swap it
        // out or to cancel (then it serves again). `successor` is the endpoint the new version will
        // have: the grant of the offered state is made out to it; `newVersion`, where it waits now.
        private static void PrepareLiveUpdate(int successor, int newVersion)
        {
            s_successor = successor;
            s_newVersion = newVersion;
            s_offeredStateGrant = -1;
            int result = s_service.PrepareLiveUpdate();
            if (result == 0) result = s_service.SaveState();
            Message ready = default;
            ready.Type = SefMessages.LiveUpdateReady;
            ref SefLiveUpdateReady verdict = ref ready.Payload<SefLiveUpdateReady>();
            verdict.Result = result;
            verdict.StateGrant = s_offeredStateGrant;
            Syscalls.Send(BootEndpoints.Rs, ready);
            if (result != 0) return;
            while (true)
            {
                if (Syscalls.Receive(BootEndpoints.Rs, out Message message) != 0) continue;
                if (message.Type == Message.NotifyMessage) Syscalls.Notify(BootEndpoints.Rs);
                else if (message.Type == SefMessages.LiveUpdateCancel)
                {
                    if (s_offeredStateGrant >= 0) GrantTable.Revoke(s_offeredStateGrant);
                    s_service.LiveUpdateCancelled();
                    return;
                }
            }
        }

        // A fault RS asked the new version of a live update to commit in its initialisation.
        private static int Commit(InitFault fault, int result)
        {
            switch (fault)
            {
                case InitFault.Crash: InjectedFaults.Carry(FaultKind.Crash); break;
                case InitFault.Hang: InjectedFaults.Carry(FaultKind.EndlessLoop); break;
                case InitFault.Fail: return -(int)Errno.EIO;
            }
            return result;
        }

        private static void Inject(FaultKind kind)
        {
            if (kind == FaultKind.GarbageReply) s_garbageNextReply = true;
            else InjectedFaults.Carry(kind);
        }
    }
}
