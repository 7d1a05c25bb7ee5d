using System;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Vfs
{
    // What VFS knows of an inode of a cached file system (FileServers.IsCached) without asking:
    // the details a lookup answers (type and permissions, owner, size, device), whether the
    // server holds it for VFS (so a new vnode of it needs no Keep lookup), and, once stat asked
    // for it, its whole struct stat; and the generation of its contents, which names its pages in
    // PageCache. CacheRules drops what a request VFS sends may change, when it sends it; nothing
    // else changes such a file system.
    public struct CachedInode
    {
        public int Server;                          // 0: empty
        public ulong Inode;
        public uint Mode, Uid, Gid;
        public ulong Size, SpecialDevice;
        public bool Held;
        public bool SizeKnown;                      // Size is current (a directory's changes with its entries)
        public bool HasStat;
        public LinuxStat Stat;
        public ulong Contents;                      // the generation of its bytes in PageCache (never 0)
    }

    public static class InodeCache
    {
        private const int Sets = 256, Ways = 4;

        private static readonly CachedInode[] s_entries = new CachedInode[Sets * Ways];
        private static readonly byte[] s_nextWay = new byte[Sets];
        private static ulong s_lastContents;        // generations are never reused, across Reset too

        public static ref CachedInode At(int index) => ref s_entries[index];

        public static void Reset()
        {
            s_entries.AsSpan().Clear();
            s_nextWay.AsSpan().Clear();
        }

        // The entry of (server, inode) where `hint` (a place remembered with a name or a path)
        // says, or found again and the hint moved there; -1 when it is gone.
        public static int FindAt(ref int hint, int server, ulong inode)
        {
            if ((uint)hint < (uint)s_entries.Length && s_entries[hint].Inode == inode && s_entries[hint].Server == server) return hint;
            int found = Find(server, inode);
            if (found >= 0) hint = found;
            return found;
        }

        // The entry of (server, inode), or -1.
        public static int Find(int server, ulong inode)
        {
            int first = (int)(inode % Sets) * Ways;
            for (int i = first; i < first + Ways; i++)
                if (s_entries[i].Inode == inode && s_entries[i].Server == server) return i;
            return -1;
        }

        // The entry of a lookup's or create's answer, made or refreshed; `held` when the request
        // made the server hold it.
        public static int Remember(int server, in FsReply reply, bool held)
        {
            int index = Entry(server, reply.Inode);
            ref CachedInode entry = ref s_entries[index];
            entry.Mode = reply.Mode;
            entry.Uid = reply.Uid;
            entry.Gid = reply.Gid;
            entry.Size = reply.Size;
            entry.SpecialDevice = reply.SpecialDevice;
            entry.SizeKnown = true;
            entry.Held |= held;
            return index;
        }

        // The entry of a struct stat the server filled: its details taken from it.
        public static int RememberStat(int server, ulong inode, in LinuxStat stat)
        {
            int index = Entry(server, inode);
            ref CachedInode entry = ref s_entries[index];
            entry.Mode = stat.Mode;
            entry.Uid = stat.Uid;
            entry.Gid = stat.Gid;
            entry.Size = (ulong)stat.FileSize;
            entry.SpecialDevice = stat.SpecialDevice;
            entry.SizeKnown = true;
            entry.Stat = stat;
            entry.HasStat = true;
            return index;
        }

        // The inode's data or entries changed (a write, a name made or removed in it): its size,
        // times and cached pages are no longer known; its type, owner and permissions still are.
        public static void ContentsChanged(int server, ulong inode)
        {
            int index = Find(server, inode);
            if (index < 0) return;
            s_entries[index].SizeKnown = false;
            s_entries[index].HasStat = false;
            s_entries[index].Contents = ++s_lastContents;       // its cached pages are stale
        }

        // The inode's link count and change time changed (a new link to it).
        public static void StatChanged(int server, ulong inode)
        {
            int index = Find(server, inode);
            if (index >= 0) s_entries[index].HasStat = false;
        }

        // The inode's type, owner or permissions may have changed, or it is gone: so may every
        // path through it (PathCache).
        public static void Forget(int server, ulong inode)
        {
            int index = Find(server, inode);
            if (index >= 0) s_entries[index] = default;
            PathCache.Invalidate();
        }

        public static void ForgetServer(int server)
        {
            for (int i = 0; i < s_entries.Length; i++)
                if (s_entries[i].Server == server) s_entries[i] = default;
            PathCache.Invalidate();
        }

        // The entry of (server, inode): the one there, or a way of its set given to it.
        private static int Entry(int server, ulong inode)
        {
            int index = Find(server, inode);
            if (index >= 0) return index;
            int set = (int)(inode % Sets);
            index = set * Ways + s_nextWay[set];
            s_nextWay[set] = (byte)((s_nextWay[set] + 1) % Ways);
            s_entries[index] = new CachedInode { Server = server, Inode = inode, Contents = ++s_lastContents };
            return index;
        }
    }
}
