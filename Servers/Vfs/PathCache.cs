using System;
using System.Runtime.InteropServices;

namespace Lunix.Servers.Vfs
{
    // Whole paths CachedWalk resolved in one file system, by the same walk of NameCache and
    // InodeCache, kept so that the next lookup of the same path from the same directory by the
    // same user is one hash and one compare instead of a step per name. An entry holds only what
    // stays true until a name goes or an inode's type, owner or permissions change (a new name,
    // a write or a truncation changes no resolved path): the caches say so by Invalidate, and
    // every entry older than that is ignored. Walks that followed a symlink, went up "..",
    // crossed a mount or ended at a symlink are never kept, nor paths longer than InlinePath.
    // Direct-mapped by the hash; no allocation.
    public static class PathCache
    {
        public const int InlinePath = 64;
        private const int Slots = 256;

        private struct Entry
        {
            public uint Generation;                 // 0: empty
            public uint Hash;
            public int Server;
            public ulong Start, Inode;
            public uint Uid, Gid;
            public int Length;                      // the path's, in s_paths at the entry's slot
            public int InodeSlot;                   // where the inode was in InodeCache (checked on use)
        }

        private static readonly Entry[] s_entries = new Entry[Slots];
        private static readonly byte[] s_paths = new byte[Slots * InlinePath];
        private static uint s_generation = 1;

        // A resolved path may no longer resolve the same way: every entry so far is dropped.
        public static void Invalidate() => s_generation++;

        // The InodeCache entry `path` led to from `start` for this user, or -1.
        public static int Find(int server, ulong start, uint uid, uint gid, ReadOnlySpan<byte> path)
        {
            if (path.Length > InlinePath) return -1;
            uint hash = Hash(server, start, path);
            ref Entry entry = ref s_entries[hash % Slots];
            if (entry.Generation != s_generation || entry.Hash != hash || entry.Server != server || entry.Start != start || entry.Uid != uid
                || entry.Gid != gid || entry.Length != path.Length
                || !s_paths.AsSpan((int)(hash % Slots) * InlinePath, path.Length).SequenceEqual(path)) return -1;
            return InodeCache.FindAt(ref entry.InodeSlot, server, entry.Inode);
        }

        public static void Add(int server, ulong start, uint uid, uint gid, ReadOnlySpan<byte> path, ulong inode, int inodeSlot)
        {
            if (path.Length > InlinePath) return;
            uint hash = Hash(server, start, path);
            int slot = (int)(hash % Slots);
            s_entries[slot] = new Entry
            {
                Generation = s_generation, Hash = hash, Server = server, Start = start, Inode = inode, Uid = uid, Gid = gid,
                Length = path.Length, InodeSlot = inodeSlot,
            };
            path.CopyTo(s_paths.AsSpan(slot * InlinePath, InlinePath));
        }

        // Eight bytes a step (FNV-1a's 64-bit prime on words), the last few in one word (the
        // last eight again, overlapping, for a path that long), then mixed so that every byte
        // reaches the low bits the slot is taken from.
        private static uint Hash(int server, ulong start, ReadOnlySpan<byte> path)
        {
            const ulong Prime = 0x100000001B3UL;
            ulong hash = ((ulong)(uint)server << 32 | (uint)path.Length) ^ start * 0x9E3779B97F4A7C15UL;
            int at = 0;
            for (; at + 8 <= path.Length; at += 8) hash = (hash ^ MemoryMarshal.Read<ulong>(path.Slice(at))) * Prime;
            if (at < path.Length) hash = (hash ^ Tail(path)) * Prime;
            hash = (hash ^ hash >> 29) * 0xBF58476D1CE4E5B9UL;
            return (uint)(hash ^ hash >> 32);
        }

        // The path's last bytes as one word: its last eight, or all of a shorter one.
        private static ulong Tail(ReadOnlySpan<byte> path)
        {
            if (path.Length >= 8) return MemoryMarshal.Read<ulong>(path.Slice(path.Length - 8));
            ulong tail = 0;
            int at = 0;
            if ((path.Length & 4) != 0) { tail = MemoryMarshal.Read<uint>(path); at = 4; }
            if ((path.Length & 2) != 0) { tail |= (ulong)MemoryMarshal.Read<ushort>(path.Slice(at)) << (8 * at); at += 2; }
            if ((path.Length & 1) != 0) tail |= (ulong)path[at] << (8 * at);
            return tail;
        }
    }
}
