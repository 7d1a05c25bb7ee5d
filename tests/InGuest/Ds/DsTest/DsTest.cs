using System;
using System.Runtime;
using Lunix.Abi;
using Lunix.SystemLibrary;
using Lunix.Tests.InGuest;

namespace Lunix.Tests.InGuest.DsTest
{
    // The ds suite (suite=ds): this program uses the data store (Servers/Ds) through the system
    // library's DataStore, and through dspeer (tests/InGuest/Ds/DsPeer) as a second process, to check
    // values of every type, ownership, subscriptions and DS's answers to bad requests. Each case
    // uses its own key prefix, and every notification a case causes is taken by that case, so
    // the cases after it start with nothing pending.
    internal static class DsTest
    {
        private const int Me = TestEndpoints.DsTest, Peer = TestEndpoints.DsPeer;
        private const int NotificationWait = 300;   // ticks (3 s at the default 100 Hz) before a missing NOTIFY counts as missing

        [RuntimeExport("LunixProgramMain")]
        private static int Main()
        {
            int failed = 0;
            Tap.Plan(19);
            failed += Tap.Check(1, "a u32 is published and retrieved", U32RoundTrip());
            failed += Tap.Check(2, "a string is published and retrieved", StringRoundTrip());
            failed += Tap.Check(3, "a memory range goes in through the publisher's grant and out through the retriever's", MemoryRoundTrip());
            failed += Tap.Check(4, "a label maps to its endpoint and the endpoint back to its label, for both processes", LabelsBothWays());
            failed += Tap.Check(5, "a label naming another process fails with EPERM", DataStore.PublishLabel("impostor", Peer) == -(int)Errno.EPERM
                                                                                            && DataStore.RetrieveLabel("impostor", out _) == -(int)Errno.ENOENT);
            failed += Tap.Check(6, "a missing key, a key of another type or an unnamed endpoint fails with ENOENT", MissingIsEnoent());
            failed += Tap.Check(7, "publishing an existing key fails with EEXIST; its owner overwrites it with Overwrite", OverwriteNeedsFlag());
            failed += Tap.Check(8, "a process cannot overwrite or delete another's entry (EPERM), both ways", OwnersOnly());
            failed += Tap.Check(9, "a deleted key is gone (ENOENT) and anyone may publish it again", DeleteThenGone());
            failed += Tap.Check(10, "a subscriber is notified of another process's publish under its prefix, and Check names the key", SubscriberNotified());
            failed += Tap.Check(11, "a publish outside the prefix is neither notified nor reported", OutsidePrefixSilent());
            failed += Tap.Check(12, "subscribing with Initial reports the entries already under the prefix", InitialReportsExisting());
            failed += Tap.Check(13, "a delete is reported to the subscriber with the Deleted flag", DeleteReported());
            failed += Tap.Check(14, "a driver's DriverUp under drv.<label> reaches a subscriber to drv., again when republished after a restart", DriverUpSeen());
            failed += Tap.Check(15, "dspeer, subscribed through DS, finds dstest's publish by Check", PeerSubscriberChecks());
            failed += Tap.Check(16, "a key field with no NUL fails with ENAMETOOLONG, an empty key or a non-ASCII byte with EINVAL", BadKeysRefused());
            failed += Tap.Check(17, "a string or memory range too long for an entry, or an unknown type, fails with EINVAL", BadValuesRefused());
            failed += Tap.Check(18, "a bad grant fails with the kernel's error (EINVAL, EPERM) and stores nothing", BadGrantsRefused());
            failed += Tap.Check(19, "an unknown request fails with EBADREQUEST, and DS goes on answering", UnknownRequestRefused());
            return failed;
        }

        private static bool U32RoundTrip() =>
            DataStore.PublishU32("val.u32", 0xDEADBEEF) == 0
            && DataStore.RetrieveU32("val.u32", out uint value) == 0 && value == 0xDEADBEEF;

        private static bool StringRoundTrip()
        {
            Span<char> text = stackalloc char[DsRequests.KeyBytes];
            return DataStore.PublishString("val.str", "hello, ds") == 0
                   && DataStore.RetrieveString("val.str", text, out int length) == 0 && Is(text, length, "hello, ds");
        }

        // 200 bytes in; out again into a larger buffer (only 200 written) and into a smaller one.
        private static bool MemoryRoundTrip()
        {
            Span<byte> bytes = stackalloc byte[200];
            Span<byte> buffer = stackalloc byte[DsRequests.MemoryMax];
            for (int i = 0; i < 200; i++) bytes[i] = (byte)(i * 3);
            buffer.Fill(0xFF);
            if (DataStore.PublishMemory("val.mem", bytes) != 0) return false;
            if (DataStore.RetrieveMemory("val.mem", buffer, out int length) != 0 || length != 200 || buffer[200] != 0xFF)
                return false;
            return buffer.Slice(0, 200).SequenceEqual(bytes)
                   && DataStore.RetrieveMemory("val.mem", buffer.Slice(0, 50), out length) == 0 && length == 50;
        }

        private static bool LabelsBothWays()
        {
            Span<char> text = stackalloc char[DsRequests.KeyBytes];
            return DataStore.PublishLabel("dstest", Me) == 0
                   && DataStore.RetrieveLabel("dstest", out int endpoint) == 0 && endpoint == Me
                   && DataStore.RetrieveLabelOf(Me, text, out int length) == 0 && Is(text, length, "dstest")
                   && Forward(DsRequests.Publish, "dspeer", DsFlags.Label, Peer) == 0
                   && DataStore.RetrieveLabel("dspeer", out endpoint) == 0 && endpoint == Peer
                   && DataStore.RetrieveLabelOf(Peer, text, out length) == 0 && Is(text, length, "dspeer");
        }

        private static bool MissingIsEnoent()
        {
            Span<char> text = stackalloc char[DsRequests.KeyBytes];
            return DataStore.RetrieveU32("val.none", out _) == -(int)Errno.ENOENT
                   && DataStore.RetrieveU32("val.str", out _) == -(int)Errno.ENOENT
                   && DataStore.RetrieveLabelOf(BootEndpoints.Init, text, out _) == -(int)Errno.ENOENT;
        }

        private static bool OverwriteNeedsFlag() =>
            DataStore.PublishU32("val.u32", 5) == -(int)Errno.EEXIST
            && DataStore.RetrieveU32("val.u32", out uint before) == 0 && before == 0xDEADBEEF
            && DataStore.PublishU32("val.u32", 5, DsFlags.Overwrite) == 0
            && DataStore.RetrieveU32("val.u32", out uint after) == 0 && after == 5;

        private static bool OwnersOnly() =>
            Forward(DsRequests.Publish, "own.peer", DsFlags.U32, 1) == 0
            && DataStore.PublishU32("own.peer", 2, DsFlags.Overwrite) == -(int)Errno.EPERM
            && DataStore.Delete("own.peer") == -(int)Errno.EPERM
            && DataStore.RetrieveU32("own.peer", out uint peers) == 0 && peers == 1
            && Forward(DsRequests.Publish, "val.u32", DsFlags.U32 | DsFlags.Overwrite, 7) == -(int)Errno.EPERM
            && Forward(DsRequests.Delete, "val.u32", 0, 0) == -(int)Errno.EPERM
            && DataStore.RetrieveU32("val.u32", out uint mine) == 0 && mine == 5;

        // dspeer publishes the key dstest deleted: it has a new owner now.
        private static bool DeleteThenGone() =>
            DataStore.Delete("val.u32") == 0
            && DataStore.RetrieveU32("val.u32", out _) == -(int)Errno.ENOENT
            && DataStore.Delete("val.u32") == -(int)Errno.ENOENT
            && Forward(DsRequests.Publish, "val.u32", DsFlags.U32, 9) == 0
            && DataStore.RetrieveU32("val.u32", out uint value) == 0 && value == 9
            && DataStore.Delete("val.u32") == -(int)Errno.EPERM;

        private static bool SubscriberNotified() =>
            DataStore.Subscribe("sub.") == 0
            && Forward(DsRequests.Publish, "sub.one", DsFlags.U32, 1) == 0
            && NotifiedByDs()
            && Changed("sub.one", DsFlags.U32)
            && NothingChanged();

        // DS handles dspeer's publish before dstest's Check, so a NOTIFY it made would be pending.
        private static bool OutsidePrefixSilent() =>
            Forward(DsRequests.Publish, "other.one", DsFlags.U32, 1) == 0
            && NothingChanged()
            && NothingPending();

        // Two entries published before the subscription, reported in either order.
        private static bool InitialReportsExisting()
        {
            if (DataStore.PublishU32("init.a", 1) != 0 || DataStore.PublishString("init.b", "b") != 0) return false;
            if (DataStore.Subscribe("init.", DsFlags.Initial) != 0 || !NotifiedByDs()) return false;
            Span<char> first = stackalloc char[DsRequests.KeyBytes], second = stackalloc char[DsRequests.KeyBytes];
            if (DataStore.Check(first, out int firstLength, out DsFlags firstFlags) != 0) return false;
            if (DataStore.Check(second, out int secondLength, out DsFlags secondFlags) != 0) return false;
            bool inOrder = Is(first, firstLength, "init.a") && firstFlags == DsFlags.U32 && Is(second, secondLength, "init.b") && secondFlags == DsFlags.String;
            bool reversed = Is(first, firstLength, "init.b") && firstFlags == DsFlags.String && Is(second, secondLength, "init.a") && secondFlags == DsFlags.U32;
            return (inOrder || reversed) && NothingChanged();
        }

        private static bool DeleteReported() =>
            Forward(DsRequests.Delete, "sub.one", 0, 0) == 0
            && NotifiedByDs()
            && Changed("sub.one", DsFlags.U32 | DsFlags.Deleted)
            && NothingChanged()
            && DataStore.RetrieveU32("sub.one", out _) == -(int)Errno.ENOENT;

        // dspeer plays a driver: it announces itself, then again as a restarted instance does.
        private static bool DriverUpSeen() =>
            DataStore.Subscribe(DsRequests.DriverPrefix) == 0
            && Forward(DsRequests.Publish, "drv.dspeer", DsFlags.U32, DsRequests.DriverUp) == 0
            && NotifiedByDs()
            && Changed("drv.dspeer", DsFlags.U32)
            && DataStore.RetrieveU32("drv.dspeer", out uint state) == 0 && state == DsRequests.DriverUp
            && Forward(DsRequests.Publish, "drv.dspeer", DsFlags.U32 | DsFlags.Overwrite, DsRequests.DriverUp) == 0
            && NotifiedByDs()
            && Changed("drv.dspeer", DsFlags.U32)
            && NothingChanged();

        private static bool PeerSubscriberChecks()
        {
            Span<char> text = stackalloc char[DsRequests.KeyBytes];
            return Forward(DsRequests.Subscribe, "peer.", 0, 0) == 0
                   && DataStore.PublishU32("peer.seen", 4) == 0
                   && Forward(DsRequests.Check, "", 0, 0, out DsReply reply) == 0
                   && DataStore.ReadText(reply.Key, text, out int length) == 0 && Is(text, length, "peer.seen")
                   && reply.Flags == DsFlags.U32
                   && Forward(DsRequests.Check, "", 0, 0) == -(int)Errno.ENOENT;
        }

        private static bool BadKeysRefused()
        {
            DataStore.Prepare(out Message request, DsRequests.Publish, "", DsFlags.U32);
            ((Span<byte>)request.Payload<DsRequest>().Key).Fill((byte)'a');
            bool unterminated = Ask(ref request) == -(int)Errno.ENAMETOOLONG;
            DataStore.Prepare(out request, DsRequests.Publish, "", DsFlags.U32);
            bool empty = Ask(ref request) == -(int)Errno.EINVAL;
            DataStore.Prepare(out request, DsRequests.Publish, "bad.key", DsFlags.U32);
            request.Payload<DsRequest>().Key[3] = 0x80;
            bool nonAscii = Ask(ref request) == -(int)Errno.EINVAL;
            bool tooLongForLibrary = DataStore.PublishU32("bad.a-key-longer-than-23", 1) == -(int)Errno.ENAMETOOLONG;
            return unterminated && empty && nonAscii && tooLongForLibrary;
        }

        private static bool BadValuesRefused()
        {
            DataStore.Prepare(out Message request, DsRequests.Publish, "bad.value", DsFlags.String);
            ((Span<byte>)request.Payload<DsRequest>().Text).Fill((byte)'s');
            bool longString = Ask(ref request) == -(int)Errno.EINVAL;
            DataStore.Prepare(out request, DsRequests.Publish, "bad.value", DsFlags.Memory);
            request.Payload<DsRequest>().Length = DsRequests.MemoryMax + 1;
            bool longMemory = Ask(ref request) == -(int)Errno.EINVAL;
            DataStore.Prepare(out request, DsRequests.Publish, "bad.value", 0);
            bool noType = Ask(ref request) == -(int)Errno.EINVAL;
            DataStore.Prepare(out request, DsRequests.Publish, "bad.value", (DsFlags)5);
            bool unknownType = Ask(ref request) == -(int)Errno.EINVAL;
            return longString && longMemory && noType && unknownType
                   && DataStore.RetrieveU32("bad.value", out _) == -(int)Errno.ENOENT;
        }

        // A grant id beyond dstest's table, a revoked grant, and a read-only grant to copy into.
        private static bool BadGrantsRefused()
        {
            Span<byte> buffer = stackalloc byte[16];
            bool unknown = AskWithGrant(DsRequests.Publish, "bad.mem", GrantTable.Entries + 8) == -(int)Errno.EINVAL;
            int revoked = GrantTable.GrantReadable(BootEndpoints.Ds, buffer);
            GrantTable.Revoke(revoked);
            bool refused = AskWithGrant(DsRequests.Publish, "bad.mem", revoked) == -(int)Errno.EPERM;
            int readOnly = GrantTable.GrantReadable(BootEndpoints.Ds, buffer);
            bool notWritable = AskWithGrant(DsRequests.Retrieve, "val.mem", readOnly) == -(int)Errno.EPERM;
            GrantTable.Revoke(readOnly);
            return unknown && refused && notWritable
                   && DataStore.RetrieveMemory("bad.mem", buffer, out _) == -(int)Errno.ENOENT;
        }

        // A memory request naming `grant`, of 16 bytes.
        private static long AskWithGrant(int type, string key, int grant)
        {
            DataStore.Prepare(out Message request, type, key, DsFlags.Memory);
            ref DsRequest memory = ref request.Payload<DsRequest>();
            memory.Grant = grant;
            memory.Length = 16;
            return Ask(ref request);
        }

        private static bool UnknownRequestRefused()
        {
            Span<byte> buffer = stackalloc byte[DsRequests.MemoryMax];
            DataStore.Prepare(out Message request, 0x0650, "val.mem", 0);
            return Syscalls.SendReceive(BootEndpoints.Ds, ref request) == 0
                   && request.Type == 0x0651 && request.Payload<DsReply>().Result == -(int)Errno.EBADREQUEST
                   && DataStore.RetrieveMemory("val.mem", buffer, out int length) == 0 && length == 200;
        }

        // The next change reported to dstest is `key` with `flags`.
        private static bool Changed(string key, DsFlags flags)
        {
            Span<char> text = stackalloc char[DsRequests.KeyBytes];
            return DataStore.Check(text, out int length, out DsFlags reported) == 0 && Is(text, length, key) && reported == flags;
        }

        private static bool NothingChanged()
        {
            Span<char> text = stackalloc char[DsRequests.KeyBytes];
            return DataStore.Check(text, out _, out _) == -(int)Errno.ENOENT;
        }

        // Waits for DS's NOTIFY, at most NotificationWait ticks (an alarm ends the wait).
        private static bool NotifiedByDs() => NextNotificationFrom(NotificationWait) == BootEndpoints.Ds;

        // No NOTIFY from DS is pending: a short alarm arrives first.
        private static bool NothingPending() => NextNotificationFrom(2) == BootEndpoints.Kernel;

        // The source of the next notification, waiting at most `ticks`; the alarm is then cancelled.
        private static int NextNotificationFrom(long ticks)
        {
            if (Syscalls.KernelCall(KernelCalls.SetAlarm, ticks) < 0) return Endpoint.None;
            int status = Syscalls.Receive(Endpoint.Any, out Message message);
            Syscalls.KernelCall(KernelCalls.SetAlarm, 0);
            return status == 0 && message.Type == Message.NotifyMessage ? message.Source : Endpoint.None;
        }

        // Has dspeer make a DS request as itself, with `value` as a U32's value or a label's
        // endpoint; returns DS's result (or the SENDREC's error).
        private static long Forward(int type, string key, DsFlags flags, long value) => Forward(type, key, flags, value, out _);

        private static long Forward(int type, string key, DsFlags flags, long value, out DsReply reply)
        {
            DataStore.Prepare(out Message message, type, key, flags);
            if ((flags & DsFlags.TypeMask) == DsFlags.Label) message.Payload<DsRequest>().Endpoint = (int)value;
            else message.Payload<DsRequest>().Number = (uint)value;
            DsPeerForward forward = new() { Request = message.Payload<DsRequest>(), RequestType = type };
            message.Type = DsPeerRequests.Forward;
            message.Payload<DsPeerForward>() = forward;
            int status = Syscalls.SendReceive(Peer, ref message);
            reply = message.Payload<DsReply>();
            return status != 0 ? status : reply.Result;
        }

        // A hand-made request to DS; returns DS's result (or the SENDREC's error).
        private static long Ask(ref Message request)
        {
            int status = Syscalls.SendReceive(BootEndpoints.Ds, ref request);
            return status != 0 ? status : request.Payload<DsReply>().Result;
        }

        private static bool Is(Span<char> text, int length, string expected) => text.Slice(0, length).SequenceEqual(expected);
    }
}
