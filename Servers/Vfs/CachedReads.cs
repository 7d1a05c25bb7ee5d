using System;
using Lunix.Abi;
using Lunix.SystemLibrary;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // Reads answered from VFS's page cache (PageCache): a program's read() and VM's MapRead for
    // a file mapping copy the same cached chunks, each missing chunk fetched whole from the file
    // system first (PageCache's comment says why a short chunk is where the file ends).
    public static class CachedReads
    {
        // Reads of a RAM file system's files up to this size go through the cache: one copy per
        // chunk from here costs less than a request up to about here; a larger one is one
        // request and the file system's copy of its pages (pread of 1 MiB: docs/perf.md). Every
        // read of a block file system's file goes through the cache.
        private const ulong SmallReadMax = 16 * 1024;

        public static bool Applies(in Vnode vnode, ulong count) =>
            PageCache.Started && FileServers.IsCached(vnode.Server) && (count <= SmallReadMax || FileServers.IsBlockBacked(vnode.Server));

        // Where the bytes go: `done` bytes into the destination, `bytes` next; 0 or nonzero.
        private interface IDestination
        {
            int CopyAt(ulong done, ReadOnlySpan<byte> bytes);
        }

        private struct ProcessBuffer : IDestination
        {
            public int Process;
            public ulong Address;
            public int CopyAt(ulong done, ReadOnlySpan<byte> bytes) => new ProcessSlice<Writable>(Process, Address + done, (ulong)bytes.Length).CopyFrom(bytes);
        }

        private struct Granted : IDestination
        {
            public int Owner, Grant;
            public int CopyAt(ulong done, ReadOnlySpan<byte> bytes) => new GrantedSlice<Writable>(Owner, Grant, done, (ulong)bytes.Length).CopyFrom(bytes);
        }

        // `count` bytes at `at` into the program's buffer: what moved, or a negated errno.
        public static long ToProcess(int record, in Vnode vnode, ulong at, ulong buffer, ulong count)
        {
            var into = new ProcessBuffer { Process = Processes.At(record).Endpoint, Address = buffer };
            long moved = Copy(in vnode, at, count, ref into);
            return moved == NotCached ? ReadWriteCalls.FileData(record, in vnode, at, buffer, count, write: false) : moved;
        }

        // `count` bytes at `at` into `grant` of `owner` (VM's buffer for a file mapping), or
        // NotCached when VFS no longer knows the inode.
        public static long ToGrant(int owner, int grant, in Vnode vnode, ulong at, ulong count)
        {
            var into = new Granted { Owner = owner, Grant = grant };
            return Copy(in vnode, at, count, ref into);
        }

        public const long NotCached = long.MinValue;

        private static long Copy<TDestination>(in Vnode vnode, ulong at, ulong count, ref TDestination into) where TDestination : struct, IDestination
        {
            int inode = InodeCache.Find(vnode.Server, vnode.Inode);
            if (inode < 0) return NotCached;
            ulong done = 0;
            while (done < count)
            {
                int chunk = Chunk(in vnode, inode, (at + done) / PageCache.ChunkSize);
                if (chunk < 0) return done > 0 ? (long)done : chunk;
                int offset = (int)((at + done) % PageCache.ChunkSize);
                int length = PageCache.At(chunk).Length;
                if (offset >= length) break;                                // the file ends before
                int part = (int)Math.Min((ulong)(length - offset), count - done);
                if (into.CopyAt(done, PageCache.Bytes(chunk, length).Slice(offset, part)) != 0) return done > 0 ? (long)done : -EFAULT;
                done += (ulong)part;
                if (length < PageCache.ChunkSize) break;                    // the file ends in this chunk
            }
            return (long)done;
        }

        // The cache entry of chunk `index` of the inode (InodeCache entry `inode`), read from its
        // server first when missing: the entry, or a negated errno.
        private static int Chunk(in Vnode vnode, int inode, ulong index)
        {
            ulong contents = InodeCache.At(inode).Contents;
            int chunk = PageCache.Find(contents, index);
            if (chunk >= 0) return chunk;
            chunk = PageCache.Claim();
            int grant = GrantTable.GrantWritable(vnode.Server, PageCache.Bytes(chunk, PageCache.ChunkSize));
            if (grant < 0) return (int)-ENOMEM;
            long fetched = FileServers.Data(vnode.Server, FsRequests.Read, vnode.Inode, index * PageCache.ChunkSize, PageCache.ChunkSize, grant, 0, out _);
            GrantTable.Revoke(grant);
            if (fetched < 0) return (int)fetched;
            PageCache.Filled(chunk, inode, contents, index, (int)fetched);
            return chunk;
        }
    }
}
