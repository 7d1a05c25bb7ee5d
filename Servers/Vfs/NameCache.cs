using System;

namespace Lunix.Servers.Vfs
{
    // VFS's name cache (Linux's dcache; MINIX's VFS asks its file systems every time): (file
    // server, directory inode, name) -> the inode the name leads to, kept only for the file
    // systems that nobody but VFS changes (FileServers.IsCached). A path whose names are all here
    // resolves without a message (CachedWalk). An entry goes when VFS sends a request that may
    // change it (CacheRules). Names longer than InlineName are not kept: they are rare, and fixed
    // slots mean no allocation and bounded work. 4-way set-associative, the set picked by the
    // hash of the directory and name, the way to replace taken in turn.
    public static class NameCache
    {
        public const int InlineName = 40;
        private const int Sets = 256, Ways = 4;

        private struct Entry
        {
            public int Server;                      // 0: empty
            public uint Hash;
            public ulong Directory, Child;
            public int Length;                      // the name's, in s_names at the entry's slot
            public int ChildSlot;                   // where the child was in InodeCache (checked on use)
        }

        private static readonly Entry[] s_entries = new Entry[Sets * Ways];
        private static readonly byte[] s_names = new byte[Sets * Ways * InlineName];
        private static readonly byte[] s_nextWay = new byte[Sets];

        // A name's hash is made a byte at a time (FNV-1a), so that a walk can make it while it
        // looks for the name's end: HashStart, then HashStep for each byte.
        public const uint HashStart = 2166136261u;
        public static uint HashStep(uint hash, byte b) => (hash ^ b) * 16777619u;

        public static void Reset()
        {
            s_entries.AsSpan().Clear();
            s_nextWay.AsSpan().Clear();
        }

        // The InodeCache entry of the inode `name` (whose hash is `nameHash`) leads to in
        // `directory`, or -1 when the caches do not know it.
        public static int Find(int server, ulong directory, ReadOnlySpan<byte> name, uint nameHash)
        {
            if (name.Length > InlineName) return -1;
            int slot = SlotOf(server, directory, name, Mix(nameHash, directory));
            if (slot < 0) return -1;
            ref Entry entry = ref s_entries[slot];
            return InodeCache.FindAt(ref entry.ChildSlot, server, entry.Child);
        }

        public static void Add(int server, ulong directory, ReadOnlySpan<byte> name, ulong child, int childSlot)
        {
            if (name.Length > InlineName || child == 0) return;
            uint hash = Mix(HashOf(name), directory);
            int slot = SlotOf(server, directory, name, hash);
            if (slot < 0)
            {
                int set = (int)(hash % Sets);
                slot = set * Ways + s_nextWay[set];
                s_nextWay[set] = (byte)((s_nextWay[set] + 1) % Ways);
            }
            s_entries[slot] = new Entry { Server = server, Hash = hash, Directory = directory, Child = child, Length = name.Length, ChildSlot = childSlot };
            name.CopyTo(s_names.AsSpan(slot * InlineName, InlineName));
        }

        public static void Forget(int server, ulong directory, ReadOnlySpan<byte> name)
        {
            if (name.Length > InlineName) return;
            int slot = SlotOf(server, directory, name, Mix(HashOf(name), directory));
            if (slot >= 0) s_entries[slot] = default;
            PathCache.Invalidate();                 // a path through it, cached while this entry was not
        }

        // Every name in the inode and every name of it: a directory removed, or an inode freed,
        // whose number may come back as another file.
        public static void ForgetInode(int server, ulong inode)
        {
            for (int i = 0; i < s_entries.Length; i++)
            {
                ref Entry entry = ref s_entries[i];
                if (entry.Server == server && (entry.Directory == inode || entry.Child == inode)) entry = default;
            }
            PathCache.Invalidate();
        }

        public static void ForgetServer(int server)
        {
            for (int i = 0; i < s_entries.Length; i++)
                if (s_entries[i].Server == server) s_entries[i] = default;
            PathCache.Invalidate();
        }

        private static int SlotOf(int server, ulong directory, ReadOnlySpan<byte> name, uint hash)
        {
            int first = (int)(hash % Sets) * Ways;
            for (int i = first; i < first + Ways; i++)
            {
                ref Entry entry = ref s_entries[i];
                if (entry.Hash == hash && entry.Server == server && entry.Directory == directory && entry.Length == name.Length
                    && s_names.AsSpan(i * InlineName, name.Length).SequenceEqual(name)) return i;
            }
            return -1;
        }

        private static uint HashOf(ReadOnlySpan<byte> name)
        {
            uint hash = HashStart;
            foreach (byte b in name) hash = HashStep(hash, b);
            return hash;
        }

        // The name's hash mixed with its directory's number.
        private static uint Mix(uint nameHash, ulong directory) => (nameHash ^ (uint)directory ^ (uint)(directory >> 32)) * 0x9E3779B1u;
    }
}
