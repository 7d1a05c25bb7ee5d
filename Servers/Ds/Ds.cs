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
    internal static unsafe class Ds
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
            Message message;
            while (true)
            {
                // Notifications are not requests: nobody waits for an answer to one.
                if (Sef.Receive(&message) != 0 || message.Type == Message.NotifyMessage) continue;
                int caller = message.Source;
                Handle(&message);
                // A caller that used a plain SEND and is not receiving loses its reply, rather
                // than make DS wait for it.
                Sef.Reply(caller, &message);
            }
        }

        // Turns a request into its reply, in the same message, and notifies the subscribers the
        // request gave news to. A notification to a subscriber waiting in SENDREC (the caller
        // itself, after a Subscribe with Initial) stays pending: it cannot displace the reply.
        private static void Handle(Message* message)
        {
            Message reply = default;
            reply.Type = message->Type + 1;
            int caller = message->Source;
            reply.Word0 = message->Type switch
            {
                DsRequests.Publish => Publish(message),
                DsRequests.Retrieve => Retrieve(message, &reply),
                DsRequests.RetrieveLabelOf => s_store.RetrieveLabelOf((int)message->Word4, KeyField(&reply.Word1)),
                DsRequests.Delete => s_store.Delete(caller, KeyField(&message->Word0)),
                DsRequests.Subscribe => s_store.Subscribe(caller, KeyField(&message->Word0), (DsFlags)message->Word3),
                DsRequests.Check => Check(caller, &reply),
                _ => -(int)Errno.EBADREQUEST,
            };
            NotifySubscribers();
            *message = reply;
        }

        private static int Publish(Message* request)
        {
            int caller = request->Source;
            DsFlags flags = (DsFlags)request->Word3;
            Span<byte> key = KeyField(&request->Word0);
            switch (flags & DsFlags.TypeMask)
            {
                case DsFlags.U32:
                    return s_store.Publish(caller, key, flags, (uint)request->Word4, default);
                case DsFlags.String:
                    int length = new ReadOnlySpan<byte>(&request->Word4, DsRequests.StringBytes).IndexOf((byte)0);
                    if (length < 0) return -(int)Errno.EINVAL;
                    return s_store.Publish(caller, key, flags, 0, new ReadOnlySpan<byte>(&request->Word4, length));
                case DsFlags.Memory:
                    ulong size = (ulong)request->Word5;
                    if (size > DsRequests.MemoryMax) return -(int)Errno.EINVAL;
                    int copied;
                    fixed (byte* incoming = s_incoming) copied = Syscalls.SafeCopyFrom(caller, (int)request->Word4, 0, incoming, size);
                    if (copied != 0) return copied;
                    return s_store.Publish(caller, key, flags, 0, new ReadOnlySpan<byte>(s_incoming, 0, (int)size));
                default:
                    // A label's endpoint, or a type the store refuses.
                    return s_store.Publish(caller, key, flags, request->Word4, default);
            }
        }

        private static int Retrieve(Message* request, Message* reply)
        {
            DsFlags type = (DsFlags)request->Word3 & DsFlags.TypeMask;
            int found = s_store.Retrieve(KeyField(&request->Word0), type, out long number, out ReadOnlySpan<byte> data);
            if (found != 0) return found;
            if (type == DsFlags.String)
            {
                data.CopyTo(new Span<byte>(&reply->Word1, DsRequests.StringBytes));
                return 0;
            }
            if (type != DsFlags.Memory)
            {
                reply->Word1 = number;
                return 0;
            }
            int length = (int)Math.Min((ulong)data.Length, (ulong)request->Word5);
            int copied;
            fixed (byte* bytes = data) copied = Syscalls.SafeCopyTo(request->Source, (int)request->Word4, 0, bytes, (ulong)length);
            if (copied != 0) return copied;
            reply->Word1 = length;
            return 0;
        }

        private static int Check(int caller, Message* reply)
        {
            int result = s_store.Check(caller, KeyField(&reply->Word1), out DsFlags flags);
            reply->Word4 = (long)flags;
            return result;
        }

        // A subscriber whose endpoint is dead (it exited, or was restarted under a new one) is
        // forgotten: it would never check its changes.
        private static void NotifySubscribers()
        {
            for (int subscriber; (subscriber = s_store.TakeSubscriberToNotify()) != Endpoint.None;)
                if (Syscalls.Notify(subscriber) == -(int)Errno.EDEADSRCDST) s_store.Unsubscribe(subscriber);
        }

        private static Span<byte> KeyField(long* words) => new Span<byte>(words, DsRequests.KeyBytes);
    }

    // DS's live update: the old version offers its whole store through a grant, the new one
    // copies it in. The copy is made at SaveState and kept until DS is swapped out (or, after a
    // rollback, for the next update).
    internal sealed unsafe class DsEvents : SefService
    {
        private byte[] _saved;

        public override int SaveState()
        {
            _saved ??= new byte[Ds.Store.StateLength];
            Ds.Store.Save(_saved);
            fixed (byte* state = _saved) return Sef.OfferState(state, (ulong)_saved.Length);
        }

        public override int InitLiveUpdate(int previousEndpoint)
        {
            byte[] state = new byte[Ds.Store.StateLength];
            int copied;
            fixed (byte* into = state) copied = Sef.TakeState(into, (ulong)state.Length);
            if (copied != 0) return copied;
            Ds.Store.Restore(state);
            return 0;
        }
    }
}
