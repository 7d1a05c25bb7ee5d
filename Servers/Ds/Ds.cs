using System;
using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Ds
{
    // DS, the data store (MINIX's servers/ds): processes publish small named values (u32s,
    // strings, memory ranges, labels naming endpoints), retrieve them, and subscribe to key
    // prefixes to be told of changes. The protocol is in Abi/DsRequests.cs, the table in
    // DsStore.cs; this file only moves bytes between messages, grants and the store.
    //
    // DS never blocks on a client: it answers with SENDNB, which reaches a caller waiting in
    // SENDREC, and tells subscribers of changes with NOTIFY.
    internal static class Ds
    {
        private static DsStore s_store;
        public static DsStore Store => s_store;
        private static byte[] s_incoming;           // a memory entry's bytes on their way in

        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            s_store = new DsStore();
            s_incoming = new byte[DsRequests.MemoryMax];
            // A restart starts with an empty store; RS publishes every label again. A live update
            // takes over the old version's store.
            Sef.Startup(new DsEvents());
            while (true)
            {
                // Notifications are not requests: nobody waits for an answer to one.
                if (Sef.Receive(out Message message) != 0 || message.Type == Message.NotifyMessage) continue;
                Message reply = default;
                reply.Type = message.Type + 1;
                reply.Payload<DsReply>().Result = Handle(message.Type, message.Source, ref message.Payload<DsRequest>(), ref reply.Payload<DsReply>());
                NotifySubscribers();
                // A caller that used a plain SEND and is not receiving loses its reply, rather
                // than make DS wait for it.
                Sef.Reply(message.Source, ref reply);
            }
        }

        // A request's result, with the values asked for in `reply`. A notification to a
        // subscriber waiting in SENDREC (the caller itself, after a Subscribe with Initial) stays
        // pending: it cannot displace the reply.
        private static int Handle(int type, int caller, ref DsRequest request, ref DsReply reply) => type switch
        {
            DsRequests.Publish => Publish(caller, ref request),
            DsRequests.Retrieve => Retrieve(caller, ref request, ref reply),
            DsRequests.RetrieveLabelOf => s_store.RetrieveLabelOf(request.Endpoint, reply.Key),
            DsRequests.Delete => s_store.Delete(caller, request.Key),
            DsRequests.Subscribe => s_store.Subscribe(caller, request.Key, request.Flags),
            DsRequests.Check => s_store.Check(caller, reply.Key, out reply.Flags),
            _ => -(int)Errno.EBADREQUEST,
        };

        private static int Publish(int caller, ref DsRequest request)
        {
            DsFlags flags = request.Flags;
            switch (flags & DsFlags.TypeMask)
            {
                case DsFlags.U32:
                    return s_store.Publish(caller, request.Key, flags, request.Number, default);
                case DsFlags.String:
                    ReadOnlySpan<byte> text = request.Text;
                    int length = text.IndexOf((byte)0);
                    if (length < 0) return -(int)Errno.EINVAL;
                    return s_store.Publish(caller, request.Key, flags, 0, text.Slice(0, length));
                case DsFlags.Memory:
                    if (request.Length > DsRequests.MemoryMax) return -(int)Errno.EINVAL;
                    Span<byte> value = s_incoming.AsSpan(0, (int)request.Length);
                    int copied = new GrantedSlice<Readable>(caller, request.Grant, 0, request.Length).CopyTo(value);
                    if (copied != 0) return copied;
                    return s_store.Publish(caller, request.Key, flags, 0, value);
                default:
                    // A label's endpoint, or a type the store refuses.
                    return s_store.Publish(caller, request.Key, flags, request.Endpoint, default);
            }
        }

        private static int Retrieve(int caller, ref DsRequest request, ref DsReply reply)
        {
            DsFlags type = request.Flags & DsFlags.TypeMask;
            int found = s_store.Retrieve(request.Key, type, out long number, out ReadOnlySpan<byte> data);
            if (found != 0) return found;
            switch (type)
            {
                case DsFlags.U32:
                    reply.Number = (uint)number;
                    return 0;
                case DsFlags.String:
                    data.CopyTo(reply.Text);
                    return 0;
                case DsFlags.Memory:
                    int length = (int)Math.Min((ulong)data.Length, request.Length);
                    int copied = new GrantedSlice<Writable>(caller, request.Grant, 0, request.Length).CopyFrom(data.Slice(0, length));
                    if (copied != 0) return copied;
                    reply.Copied = length;
                    return 0;
                default:
                    reply.Endpoint = (int)number;
                    return 0;
            }
        }

        // A subscriber whose endpoint is dead (it exited, or was restarted under a new one) is
        // forgotten: it would never check its changes.
        private static void NotifySubscribers()
        {
            for (int subscriber; (subscriber = s_store.TakeSubscriberToNotify()) != Endpoint.None;)
                if (Syscalls.Notify(subscriber) == -(int)Errno.EDEADSRCDST) s_store.Unsubscribe(subscriber);
        }
    }

    // DS's live update: the old version offers its whole store through a grant, the new one
    // copies it in. The copy is made at SaveState and kept until DS is swapped out (or, after a
    // rollback, for the next update).
    internal sealed class DsEvents : SefService
    {
        private byte[] _saved;

        public override int SaveState()
        {
            _saved ??= new byte[Ds.Store.StateLength];
            Ds.Store.Save(_saved);
            return Sef.OfferState(_saved);
        }

        public override int InitLiveUpdate(int previousEndpoint)
        {
            byte[] state = new byte[Ds.Store.StateLength];
            int copied = Sef.TakeState(state);
            if (copied != 0) return copied;
            Ds.Store.Restore(state);
            return 0;
        }
    }
}
