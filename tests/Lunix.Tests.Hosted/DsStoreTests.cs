using System;
using Lunix.Abi;
using Lunix.Servers.Ds;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // DsStore, the data store's table (Servers/Ds/DsStore.cs), without IPC: keys, types,
    // ownership, subscriptions and the changes each one reports.
    public class DsStoreTests
    {
        private const int A = 20, B = 21, C = 22;       // client endpoints
        private const int Ok = 0;
        private static int Error(Errno e) => -(int)e;

        private static byte[] Field(string text, int size = DsRequests.KeyBytes)
        {
            var field = new byte[size];
            for (int i = 0; i < text.Length; i++) field[i] = (byte)text[i];
            return field;
        }

        private static int PublishU32(DsStore store, int caller, string key, uint value, DsFlags flags = 0) =>
            store.Publish(caller, Field(key), flags | DsFlags.U32, value, default);

        private static int RetrieveU32(DsStore store, string key, out long value) =>
            store.Retrieve(Field(key), DsFlags.U32, out value, out _);

        // The caller's next change as (key, flags), or null at ENOENT.
        private static (string Key, DsFlags Flags)? Next(DsStore store, int caller)
        {
            var field = new byte[DsRequests.KeyBytes];
            if (store.Check(caller, field, out DsFlags flags) != Ok) return null;
            int length = Array.IndexOf(field, (byte)0);
            return (System.Text.Encoding.ASCII.GetString(field, 0, length < 0 ? field.Length : length), flags);
        }

        private static int[] Notified(DsStore store)
        {
            var subscribers = new System.Collections.Generic.List<int>();
            for (int s; (s = store.TakeSubscriberToNotify()) != Endpoint.None;) subscribers.Add(s);
            return subscribers.ToArray();
        }

        [Fact]
        public void A_key_is_printable_ASCII_ended_by_a_NUL_in_its_field()
        {
            Assert.Equal(3, DsStore.KeyLength(Field("abc"), emptyAllowed: false));
            Assert.Equal(23, DsStore.KeyLength(Field(new string('k', 23)), emptyAllowed: false));
            Assert.Equal(Error(Errno.ENAMETOOLONG), DsStore.KeyLength(Field(new string('k', 24)), emptyAllowed: false));
            Assert.Equal(Error(Errno.EINVAL), DsStore.KeyLength(Field(""), emptyAllowed: false));
            Assert.Equal(0, DsStore.KeyLength(Field(""), emptyAllowed: true));
            Assert.Equal(Error(Errno.EINVAL), DsStore.KeyLength(Field("a b"), emptyAllowed: false));
            Assert.Equal(Error(Errno.EINVAL), DsStore.KeyLength(Field("a\u0080"), emptyAllowed: false));
            Assert.Equal(Error(Errno.EINVAL), DsStore.KeyLength(Field("a\n"), emptyAllowed: false));
            byte[] trailing = Field("ab");
            trailing[5] = (byte)'z';
            Assert.Equal(2, DsStore.KeyLength(trailing, emptyAllowed: false));
        }

        [Fact]
        public void Each_type_is_retrieved_as_published_and_only_as_its_own_type()
        {
            var store = new DsStore();
            byte[] bytes = new byte[DsRequests.MemoryMax];
            for (int i = 0; i < bytes.Length; i++) bytes[i] = (byte)(i * 7);
            Assert.Equal(Ok, PublishU32(store, A, "u", 0xFFFFFFFF));
            Assert.Equal(Ok, store.Publish(A, Field("s"), DsFlags.String, 0, Field("fifteen chars..", 15)));
            Assert.Equal(Ok, store.Publish(A, Field("m"), DsFlags.Memory, 0, bytes));
            Assert.Equal(Ok, store.Publish(A, Field("l"), DsFlags.Label, A, default));

            Assert.Equal(Ok, RetrieveU32(store, "u", out long value));
            Assert.Equal(0xFFFFFFFFL, value);
            Assert.Equal(Ok, store.Retrieve(Field("s"), DsFlags.String, out _, out ReadOnlySpan<byte> text));
            Assert.Equal("fifteen chars..", System.Text.Encoding.ASCII.GetString(text));
            Assert.Equal(Ok, store.Retrieve(Field("m"), DsFlags.Memory, out _, out ReadOnlySpan<byte> memory));
            Assert.True(memory.SequenceEqual(bytes));
            Assert.Equal(Ok, store.Retrieve(Field("l"), DsFlags.Label, out long endpoint, out _));
            Assert.Equal(A, endpoint);

            Assert.Equal(Error(Errno.ENOENT), store.Retrieve(Field("u"), DsFlags.String, out _, out _));
            Assert.Equal(Error(Errno.ENOENT), RetrieveU32(store, "s", out _));
            Assert.Equal(Error(Errno.ENOENT), RetrieveU32(store, "missing", out _));
        }

        [Fact]
        public void A_value_too_long_for_its_type_or_an_unknown_type_is_EINVAL()
        {
            var store = new DsStore();
            Assert.Equal(Error(Errno.EINVAL), store.Publish(A, Field("s"), DsFlags.String, 0, new byte[DsRequests.StringBytes]));
            Assert.Equal(Error(Errno.EINVAL), store.Publish(A, Field("m"), DsFlags.Memory, 0, new byte[DsRequests.MemoryMax + 1]));
            Assert.Equal(Error(Errno.EINVAL), store.Publish(A, Field("u"), DsFlags.U32, 0, new byte[1]));
            Assert.Equal(Error(Errno.EINVAL), store.Publish(A, Field("t"), 0, 0, default));
            Assert.Equal(Error(Errno.EINVAL), store.Publish(A, Field("t"), (DsFlags)5, 0, default));
            Assert.Equal(Error(Errno.ENOENT), RetrieveU32(store, "u", out _));
        }

        [Fact]
        public void Publishing_an_existing_key_needs_Overwrite_and_ownership()
        {
            var store = new DsStore();
            Assert.Equal(Ok, PublishU32(store, A, "k", 1));
            Assert.Equal(Error(Errno.EEXIST), PublishU32(store, A, "k", 2));
            Assert.Equal(Error(Errno.EPERM), PublishU32(store, B, "k", 3, DsFlags.Overwrite));
            Assert.Equal(Error(Errno.EPERM), store.Delete(B, Field("k")));
            RetrieveU32(store, "k", out long unchanged);
            Assert.Equal(1, unchanged);
            Assert.Equal(Ok, PublishU32(store, A, "k", 4, DsFlags.Overwrite));
            RetrieveU32(store, "k", out long updated);
            Assert.Equal(4, updated);
        }

        [Fact]
        public void A_deleted_key_is_gone_and_its_next_publisher_owns_it()
        {
            var store = new DsStore();
            PublishU32(store, A, "k", 1);
            Assert.Equal(Ok, store.Delete(A, Field("k")));
            Assert.Equal(Error(Errno.ENOENT), RetrieveU32(store, "k", out _));
            Assert.Equal(Error(Errno.ENOENT), store.Delete(A, Field("k")));
            Assert.Equal(Ok, PublishU32(store, B, "k", 2));
            Assert.Equal(Error(Errno.EPERM), store.Delete(A, Field("k")));
            Assert.Equal(Ok, store.Delete(B, Field("k")));
        }

        [Fact]
        public void A_full_table_is_ENOSPC_until_an_entry_is_deleted()
        {
            var store = new DsStore();
            for (int i = 0; i < DsStore.Entries; i++) Assert.Equal(Ok, PublishU32(store, A, $"k{i}", (uint)i));
            Assert.Equal(Error(Errno.ENOSPC), PublishU32(store, A, "one.more", 0));
            Assert.Equal(Ok, PublishU32(store, A, "k3", 33, DsFlags.Overwrite));
            Assert.Equal(Ok, store.Delete(A, Field("k7")));
            Assert.Equal(Ok, PublishU32(store, A, "one.more", 0));
        }

        [Fact]
        public void A_label_names_its_publisher_unless_RS_publishes_it_and_maps_both_ways()
        {
            var store = new DsStore();
            var field = new byte[DsRequests.KeyBytes];
            Assert.Equal(Error(Errno.EPERM), store.Publish(A, Field("b"), DsFlags.Label, B, default));
            Assert.Equal(Ok, store.Publish(A, Field("a"), DsFlags.Label, A, default));
            Assert.Equal(Ok, store.Publish(BootEndpoints.Rs, Field("b"), DsFlags.Label, B, default));
            Assert.Equal(Ok, store.RetrieveLabelOf(B, field));
            Assert.Equal(Field("b"), field);
            Assert.Equal(Ok, store.RetrieveLabelOf(A, field));
            Assert.Equal(Field("a"), field);
            Assert.Equal(Error(Errno.ENOENT), store.RetrieveLabelOf(C, field));
        }

        // RS restarts the service labelled "x" under a new endpoint: what the old one owned passes on.
        [Fact]
        public void A_label_moved_by_RS_passes_the_old_endpoints_entries_to_the_new_one()
        {
            var store = new DsStore();
            Assert.Equal(Ok, store.Publish(BootEndpoints.Rs, Field("x"), DsFlags.Label, A, default));
            Assert.Equal(Ok, PublishU32(store, A, "drv.x", DsRequests.DriverUp));
            Assert.Equal(Error(Errno.EPERM), store.Publish(A, Field("x"), DsFlags.Label | DsFlags.Overwrite, A, default));
            Assert.Equal(Ok, store.Publish(BootEndpoints.Rs, Field("x"), DsFlags.Label | DsFlags.Overwrite, B, default));
            Assert.Equal(Ok, PublishU32(store, B, "drv.x", DsRequests.DriverUp, DsFlags.Overwrite));
            Assert.Equal(Error(Errno.EPERM), PublishU32(store, A, "drv.x", DsRequests.DriverUp, DsFlags.Overwrite));
        }

        [Fact]
        public void A_subscriber_is_notified_once_and_checks_each_change_under_its_prefix()
        {
            var store = new DsStore();
            Assert.Equal(Ok, store.Subscribe(A, Field("drv."), 0));
            Assert.Empty(Notified(store));
            PublishU32(store, B, "drv.disk", DsRequests.DriverUp);
            PublishU32(store, B, "other", 1);
            store.Publish(B, Field("drv.name"), DsFlags.String, 0, Field("x", 1));
            Assert.Equal(new[] { A }, Notified(store));
            Assert.Equal(("drv.disk", DsFlags.U32), Next(store, A));
            Assert.Equal(("drv.name", DsFlags.String), Next(store, A));
            Assert.Null(Next(store, A));
            Assert.Null(Next(store, B));
        }

        [Fact]
        public void Initial_reports_the_entries_already_there()
        {
            var store = new DsStore();
            PublishU32(store, B, "p.one", 1);
            PublishU32(store, B, "q.two", 2);
            Assert.Equal(Ok, store.Subscribe(A, Field("p."), 0));
            Assert.Empty(Notified(store));
            Assert.Null(Next(store, A));
            Assert.Equal(Ok, store.Subscribe(C, Field("p."), DsFlags.Initial));
            Assert.Equal(new[] { C }, Notified(store));
            Assert.Equal(("p.one", DsFlags.U32), Next(store, C));
            Assert.Null(Next(store, C));
        }

        [Fact]
        public void An_empty_prefix_subscribes_to_every_key()
        {
            var store = new DsStore();
            Assert.Equal(Ok, store.Subscribe(A, Field(""), 0));
            PublishU32(store, B, "anything", 1);
            Assert.Equal(("anything", DsFlags.U32), Next(store, A));
        }

        // A deleted entry keeps its slot until its subscriber has checked the delete.
        [Fact]
        public void A_delete_is_reported_with_Deleted_and_its_slot_waits_for_the_subscriber()
        {
            var store = new DsStore();
            store.Subscribe(A, Field(""), 0);
            for (int i = 0; i < DsStore.Entries; i++) PublishU32(store, B, $"k{i}", 0);
            while (Next(store, A) != null) { }
            Notified(store);
            Assert.Equal(Ok, store.Delete(B, Field("k5")));
            Assert.Equal(new[] { A }, Notified(store));
            Assert.Equal(Error(Errno.ENOSPC), PublishU32(store, B, "new", 0));
            Assert.Equal(("k5", DsFlags.U32 | DsFlags.Deleted), Next(store, A));
            Assert.Null(Next(store, A));
            Assert.Equal(Ok, PublishU32(store, B, "new", 0));
        }

        [Fact]
        public void A_delete_then_a_publish_before_the_check_reports_one_live_change()
        {
            var store = new DsStore();
            store.Subscribe(A, Field("k"), 0);
            PublishU32(store, B, "k", 1);
            store.Delete(B, Field("k"));
            Assert.Equal(Ok, PublishU32(store, C, "k", 2));
            Assert.Equal(("k", DsFlags.U32), Next(store, A));
            Assert.Null(Next(store, A));
            Assert.Equal(Error(Errno.EPERM), PublishU32(store, B, "k", 3, DsFlags.Overwrite));
        }

        [Fact]
        public void Two_subscribers_see_a_change_each_and_a_deleted_slot_waits_for_both()
        {
            var store = new DsStore();
            store.Subscribe(A, Field("k"), 0);
            store.Subscribe(B, Field("k"), 0);
            for (int i = 0; i < DsStore.Entries; i++) PublishU32(store, C, $"k{i}", 0);
            while (Next(store, A) != null) { }
            while (Next(store, B) != null) { }
            store.Delete(C, Field("k1"));
            Assert.Equal(new[] { A, B }, Notified(store));
            Assert.Equal(("k1", DsFlags.U32 | DsFlags.Deleted), Next(store, A));
            Assert.Equal(Error(Errno.ENOSPC), PublishU32(store, C, "k64", 0));
            Assert.Equal(("k1", DsFlags.U32 | DsFlags.Deleted), Next(store, B));
            Assert.Equal(Ok, PublishU32(store, C, "k64", 0));
        }

        [Fact]
        public void A_change_under_two_of_a_callers_prefixes_is_reported_once()
        {
            var store = new DsStore();
            store.Subscribe(A, Field("a"), 0);
            store.Subscribe(A, Field("ab"), 0);
            store.Subscribe(A, Field("ab"), 0);
            PublishU32(store, B, "abc", 1);
            Assert.Equal(("abc", DsFlags.U32), Next(store, A));
            Assert.Null(Next(store, A));
        }

        [Fact]
        public void Subscriptions_are_ENOSPC_when_full_and_a_repeated_prefix_takes_no_new_one()
        {
            var store = new DsStore();
            for (int s = 0; s < DsStore.Subscriptions; s++) Assert.Equal(Ok, store.Subscribe(A, Field($"p{s}."), 0));
            Assert.Equal(Ok, store.Subscribe(A, Field("p0."), 0));
            Assert.Equal(Error(Errno.ENOSPC), store.Subscribe(B, Field("q."), 0));
            Assert.Equal(Error(Errno.ENAMETOOLONG), store.Subscribe(B, Field(new string('q', 24)), 0));
        }

        // A subscriber that died is forgotten: no more notifications, and the deletes only it had
        // left to check free their slots.
        [Fact]
        public void Unsubscribe_stops_notifications_and_frees_the_deletes_it_held()
        {
            var store = new DsStore();
            store.Subscribe(A, Field(""), 0);
            for (int i = 0; i < DsStore.Entries; i++) PublishU32(store, B, $"k{i}", 0);
            store.Delete(B, Field("k9"));
            store.Unsubscribe(A);
            Assert.Empty(Notified(store));
            Assert.Null(Next(store, A));
            Assert.Equal(Ok, PublishU32(store, B, "new", 0));
            PublishU32(store, B, "new", 1, DsFlags.Overwrite);
            Assert.Empty(Notified(store));
        }
    }
}
