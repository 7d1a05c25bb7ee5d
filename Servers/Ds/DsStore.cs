using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lunix.Abi;

namespace Lunix.Servers.Ds
{
    // The data store's table (MINIX's servers/ds/store.c) with no IPC in it: keys and their
    // values, owners, subscriptions and the changes each subscription has not checked yet. Ds.cs
    // turns messages into calls here (Abi/DsRequests.cs has the rules); the hosted tests call it
    // directly. Every table is allocated once, by the constructor. Results are 0 or a negated
    // Errno.
    public sealed class DsStore
    {
        public const int Entries = 64;              // one bit each in a subscription's Changed
        public const int Subscriptions = 16;
        private const int KeyBytes = DsRequests.KeyBytes;

        private enum State : byte { Free, Live, Deleted }

        private struct Entry
        {
            public State State;         // Deleted: kept until every subscription it changed for has checked it
            public DsFlags Type;
            public int KeyLength;
            public int Owner;           // the endpoint that published it first
            public long Number;         // U32: the value; Label: the endpoint
            public int Length;          // String, Memory: bytes in the entry's data
        }

        private struct Subscription
        {
            public int Subscriber;      // Endpoint.None when the slot is free
            public int PrefixLength;
            public ulong Changed;       // bit i: entry i changed since the subscriber last checked it
        }

        private readonly Entry[] _entries = new Entry[Entries];
        private readonly byte[] _keys = new byte[Entries * KeyBytes];
        private readonly byte[] _data = new byte[Entries * DsRequests.MemoryMax];
        private readonly Subscription[] _subscriptions = new Subscription[Subscriptions];
        private readonly byte[] _prefixes = new byte[Subscriptions * KeyBytes];
        private ulong _toNotify;        // bit s: subscription s's subscriber has news

        public DsStore()
        {
            for (int s = 0; s < Subscriptions; s++) _subscriptions[s].Subscriber = Endpoint.None;
        }

        // Live update: the whole store as bytes, which the old version of DS offers and the new
        // one takes over (Sef.OfferState and TakeState). Both are one program: one layout.
        public int StateLength =>
            Unsafe.SizeOf<Entry>() * Entries + _keys.Length + _data.Length + Unsafe.SizeOf<Subscription>() * Subscriptions + _prefixes.Length + sizeof(ulong);

        public void Save(Span<byte> state) => Transfer(state, save: true);
        public void Restore(Span<byte> state) => Transfer(state, save: false);

        private void Transfer(Span<byte> state, bool save)
        {
            int at = 0;
            Move(MemoryMarshal.Cast<Entry, byte>(_entries.AsSpan()), state, ref at, save);
            Move(_keys, state, ref at, save);
            Move(_data, state, ref at, save);
            Move(MemoryMarshal.Cast<Subscription, byte>(_subscriptions.AsSpan()), state, ref at, save);
            Move(_prefixes, state, ref at, save);
            Move(MemoryMarshal.Cast<ulong, byte>(MemoryMarshal.CreateSpan(ref _toNotify, 1)), state, ref at, save);
        }

        private static void Move(Span<byte> table, Span<byte> state, ref int at, bool save)
        {
            Span<byte> section = state.Slice(at, table.Length);
            if (save) table.CopyTo(section);
            else section.CopyTo(table);
            at += table.Length;
        }

        // The length of the key in a 24-byte key field, or a negated Errno: ENAMETOOLONG without a
        // NUL, EINVAL for a byte that is not printable ASCII or (unless allowed) an empty key.
        public static int KeyLength(ReadOnlySpan<byte> field, bool emptyAllowed)
        {
            int length = field.Slice(0, KeyBytes).IndexOf((byte)0);
            if (length < 0) return -(int)Errno.ENAMETOOLONG;
            if (length == 0 && !emptyAllowed) return -(int)Errno.EINVAL;
            for (int i = 0; i < length; i++)
                if (field[i] < 0x21 || field[i] > 0x7E) return -(int)Errno.EINVAL;
            return length;
        }

        public int Publish(int caller, ReadOnlySpan<byte> keyField, DsFlags flags, long number, ReadOnlySpan<byte> data)
        {
            int keyLength = KeyLength(keyField, emptyAllowed: false);
            if (keyLength < 0) return keyLength;
            ReadOnlySpan<byte> key = keyField.Slice(0, keyLength);
            DsFlags type = flags & DsFlags.TypeMask;
            int capacity = type == DsFlags.String ? DsRequests.StringBytes - 1 : type == DsFlags.Memory ? DsRequests.MemoryMax : 0;
            if (type < DsFlags.U32 || type > DsFlags.Label || data.Length > capacity) return -(int)Errno.EINVAL;
            // A label may name only its publisher; RS names the services it starts.
            if (type == DsFlags.Label && number != caller && caller != BootEndpoints.Rs) return -(int)Errno.EPERM;

            int index = Find(key);
            if (index >= 0 && _entries[index].State == State.Live)
            {
                if ((flags & DsFlags.Overwrite) == 0) return -(int)Errno.EEXIST;
                if (!MayChange(caller, index)) return -(int)Errno.EPERM;
                ref Entry old = ref _entries[index];
                if (type == DsFlags.Label && old.Type == DsFlags.Label && old.Number != number)
                    PassOwnership((int)old.Number, (int)number);
            }
            else
            {
                // A deleted entry under the same key comes back to life in its slot: subscribers
                // that have not checked the delete yet see one change, as for any coalesced pair.
                if (index < 0) index = Claim(key);
                if (index < 0) return -(int)Errno.ENOSPC;
                _entries[index].Owner = caller;
            }
            ref Entry entry = ref _entries[index];
            entry.State = State.Live;
            entry.Type = type;
            entry.Number = number;
            entry.Length = data.Length;
            data.CopyTo(DataOf(index));
            MarkChanged(index);
            return 0;
        }

        // The entry's number (U32, Label) and data (String, Memory), which stay valid until the
        // entry next changes.
        public int Retrieve(ReadOnlySpan<byte> keyField, DsFlags type, out long number, out ReadOnlySpan<byte> data)
        {
            number = 0;
            data = default;
            int keyLength = KeyLength(keyField, emptyAllowed: false);
            if (keyLength < 0) return keyLength;
            int index = Find(keyField.Slice(0, keyLength));
            if (index < 0 || _entries[index].State != State.Live || _entries[index].Type != (type & DsFlags.TypeMask))
                return -(int)Errno.ENOENT;
            number = _entries[index].Number;
            data = DataOf(index).Slice(0, _entries[index].Length);
            return 0;
        }

        // Writes the first label naming `endpoint` into a key field.
        public int RetrieveLabelOf(int endpoint, Span<byte> keyField)
        {
            for (int i = 0; i < Entries; i++)
            {
                if (_entries[i].State != State.Live || _entries[i].Type != DsFlags.Label || _entries[i].Number != endpoint) continue;
                CopyKey(i, keyField);
                return 0;
            }
            return -(int)Errno.ENOENT;
        }

        public int Delete(int caller, ReadOnlySpan<byte> keyField)
        {
            int keyLength = KeyLength(keyField, emptyAllowed: false);
            if (keyLength < 0) return keyLength;
            int index = Find(keyField.Slice(0, keyLength));
            if (index < 0 || _entries[index].State != State.Live) return -(int)Errno.ENOENT;
            if (!MayChange(caller, index)) return -(int)Errno.EPERM;
            _entries[index].State = State.Deleted;
            MarkChanged(index);
            FreeIfChecked(index);
            return 0;
        }

        public int Subscribe(int caller, ReadOnlySpan<byte> prefixField, DsFlags flags)
        {
            int prefixLength = KeyLength(prefixField, emptyAllowed: true);
            if (prefixLength < 0) return prefixLength;
            ReadOnlySpan<byte> prefix = prefixField.Slice(0, prefixLength);
            int s = FindSubscription(caller, prefix);
            if (s < 0)
            {
                for (s = 0; s < Subscriptions && _subscriptions[s].Subscriber != Endpoint.None; s++) { }
                if (s == Subscriptions) return -(int)Errno.ENOSPC;
                _subscriptions[s] = new Subscription { Subscriber = caller, PrefixLength = prefixLength };
                prefix.CopyTo(PrefixOf(s));
            }
            if ((flags & DsFlags.Initial) == 0) return 0;
            for (int i = 0; i < Entries; i++)
            {
                if (_entries[i].State != State.Live || !KeyOf(i).StartsWith(prefix)) continue;
                _subscriptions[s].Changed |= 1UL << i;
                _toNotify |= 1UL << s;
            }
            return 0;
        }

        // The next change for the caller: writes its key into a key field and its type (with
        // Deleted) into `flags`, and forgets it for all the caller's subscriptions. ENOENT when
        // nothing is left to report.
        public int Check(int caller, Span<byte> keyField, out DsFlags flags)
        {
            flags = 0;
            for (int s = 0; s < Subscriptions; s++)
            {
                if (_subscriptions[s].Subscriber != caller || _subscriptions[s].Changed == 0) continue;
                int index = LowestBit(_subscriptions[s].Changed);
                for (int t = s; t < Subscriptions; t++)
                    if (_subscriptions[t].Subscriber == caller) _subscriptions[t].Changed &= ~(1UL << index);
                CopyKey(index, keyField);
                flags = _entries[index].Type | (_entries[index].State == State.Deleted ? DsFlags.Deleted : 0);
                FreeIfChecked(index);
                return 0;
            }
            return -(int)Errno.ENOENT;
        }

        // Forgets a subscriber that no longer exists (a NOTIFY to it found its endpoint dead), so
        // deleted entries only it had not checked can be freed.
        public void Unsubscribe(int subscriber)
        {
            for (int s = 0; s < Subscriptions; s++)
            {
                if (_subscriptions[s].Subscriber != subscriber) continue;
                ulong changed = _subscriptions[s].Changed;
                _subscriptions[s] = new Subscription { Subscriber = Endpoint.None };
                _toNotify &= ~(1UL << s);
                for (; changed != 0; changed &= changed - 1) FreeIfChecked(LowestBit(changed));
            }
        }

        // The next subscriber with news to NOTIFY, or Endpoint.None when there is none left; each
        // change reaches a subscription's NOTIFY list once.
        public int TakeSubscriberToNotify()
        {
            if (_toNotify == 0) return Endpoint.None;
            int s = LowestBit(_toNotify);
            _toNotify &= ~(1UL << s);
            return _subscriptions[s].Subscriber;
        }

        // The owner may change its entry; RS may change any label (it renames restarted services).
        private bool MayChange(int caller, int index) =>
            _entries[index].Owner == caller || (_entries[index].Type == DsFlags.Label && caller == BootEndpoints.Rs);

        // A label moved from one endpoint to another: a service restarted under a new endpoint
        // gets back what its previous instance owned.
        private void PassOwnership(int from, int to)
        {
            for (int i = 0; i < Entries; i++)
                if (_entries[i].State == State.Live && _entries[i].Owner == from) _entries[i].Owner = to;
        }

        private void MarkChanged(int index)
        {
            ReadOnlySpan<byte> key = KeyOf(index);
            for (int s = 0; s < Subscriptions; s++)
            {
                if (_subscriptions[s].Subscriber == Endpoint.None || !key.StartsWith(PrefixOf(s).Slice(0, _subscriptions[s].PrefixLength))) continue;
                _subscriptions[s].Changed |= 1UL << index;
                _toNotify |= 1UL << s;
            }
        }

        // A deleted entry stays until no subscription has its change left to check.
        private void FreeIfChecked(int index)
        {
            if (_entries[index].State != State.Deleted) return;
            for (int s = 0; s < Subscriptions; s++)
                if ((_subscriptions[s].Changed & (1UL << index)) != 0) return;
            _entries[index] = default;
        }

        // The entry under the key, live or deleted, or -1.
        private int Find(ReadOnlySpan<byte> key)
        {
            for (int i = 0; i < Entries; i++)
                if (_entries[i].State != State.Free && KeyOf(i).SequenceEqual(key)) return i;
            return -1;
        }

        private int FindSubscription(int caller, ReadOnlySpan<byte> prefix)
        {
            for (int s = 0; s < Subscriptions; s++)
                if (_subscriptions[s].Subscriber == caller && PrefixOf(s).Slice(0, _subscriptions[s].PrefixLength).SequenceEqual(prefix)) return s;
            return -1;
        }

        // A free entry with the key written in, or -1 when the table is full.
        private int Claim(ReadOnlySpan<byte> key)
        {
            for (int i = 0; i < Entries; i++)
            {
                if (_entries[i].State != State.Free) continue;
                _entries[i].KeyLength = key.Length;
                key.CopyTo(new Span<byte>(_keys, i * KeyBytes, KeyBytes));
                return i;
            }
            return -1;
        }

        // The key followed by NULs to the field's end.
        private void CopyKey(int index, Span<byte> keyField)
        {
            keyField.Slice(0, KeyBytes).Clear();
            KeyOf(index).CopyTo(keyField);
        }

        private ReadOnlySpan<byte> KeyOf(int index) => new ReadOnlySpan<byte>(_keys, index * KeyBytes, _entries[index].KeyLength);
        private Span<byte> DataOf(int index) => new Span<byte>(_data, index * DsRequests.MemoryMax, DsRequests.MemoryMax);
        private Span<byte> PrefixOf(int subscription) => new Span<byte>(_prefixes, subscription * KeyBytes, KeyBytes);

        private static int LowestBit(ulong bits)
        {
            int index = 0;
            while ((bits & 1) == 0) { bits >>= 1; index++; }
            return index;
        }
    }
}
