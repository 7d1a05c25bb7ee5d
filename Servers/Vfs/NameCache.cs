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
        }

        private static readonly Entry[] s_entries = new Entry[Sets * Ways];
        private static readonly byte[] s_names = new byte[Sets * Ways * InlineName];
        private static readonly byte[] s_nextWay = new byte[Sets];

        public static void Reset()
        {
            s_entries.AsSpan().Clear();
            s_nextWay.AsSpan().Clear();
        }

        // The inode `name` leads to in `directory`, or 0 when the cache does not know.
        public static ulong Find(int server, ulong directory, ReadOnlySpan<byte> name)
        {
            if (name.Length > InlineName) return 0;
            int slot = SlotOf(server, directory, name, Hash(directory, name));
            return slot < 0 ? 0 : s_entries[slot].Child;
        }

        public static void Add(int server, ulong directory, ReadOnlySpan<byte> name, ulong child)
        {
            if (name.Length > InlineName || child == 0) return;
            uint hash = Hash(directory, name);
            int slot = SlotOf(server, directory, name, hash);
            if (slot < 0)
            {
                int set = (int)(hash % Sets);
                slot = set * Ways + s_nextWay[set];
                s_nextWay[set] = (byte)((s_nextWay[set] + 1) % Ways);
            }
            s_entries[slot] = new Entry { Server = server, Hash = hash, Directory = directory, Child = child, Length = name.Length };
            name.CopyTo(s_names.AsSpan(slot * InlineName, InlineName));
        }

        public static void Forget(int server, ulong directory, ReadOnlySpan<byte> name)
        {
            if (name.Length > InlineName) return;
            int slot = SlotOf(server, directory, name, Hash(directory, name));
            if (slot >= 0) s_entries[slot] = default;
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
        }

        public static void ForgetServer(int server)
        {
            for (int i = 0; i < s_entries.Length; i++)
                if (s_entries[i].Server == server) s_entries[i] = default;
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

        // FNV-1a over the name, seeded with the directory.
        private static uint Hash(ulong directory, ReadOnlySpan<byte> name)
        {
            uint hash = 2166136261u ^ (uint)directory ^ (uint)(directory >> 32);
            foreach (byte b in name) hash = (hash ^ b) * 16777619u;
            return hash;
        }
    }
}
