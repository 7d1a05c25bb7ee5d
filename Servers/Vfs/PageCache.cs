using System;

namespace Lunix.Servers.Vfs
{
    // VFS's page cache (Linux's, in front of every file system; MINIX's VFS has none): the bytes
    // of the files of cached file systems (FileServers.IsCached), kept in VFS's own memory so that
    // a read is copies from here to the program, with no request to the file system once the
    // bytes are here.
    //
    // Its unit is a chunk of 64 KiB of a file at a 64 KiB-aligned offset, filled by one Read
    // request to the file system: a read that misses reads the rest of its chunk ahead (Linux's
    // read-ahead window is 128 KiB), and a 1 MiB read is 16 requests and 16 copies to the
    // program. The file system answers short at the file's end, so nothing past the end of a
    // file is ever read (Lunaix's pcache bug); a block file system's own cache reads the disk
    // ahead in runs and writes back (docs/ext2.md).
    //
    // A chunk belongs to one version of one inode's contents: InodeCache gives every entry a
    // contents generation, new whenever the entry is made and whenever CacheRules sees a request
    // that may change the file's bytes (write, truncate, set-attributes, unlink, an unanswered
    // request). A chunk of an older generation is never found again, so dropping a file's chunks
    // costs nothing at the write; the clock reuses such stale chunks first. A chunk shorter than
    // ChunkSize is the file's last (the file ends in it); that is true for as long as its
    // generation is the inode's.
    public struct CachedChunk
    {
        public ulong Contents;                      // the inode's contents generation; 0: free
        public ulong Chunk;                         // the chunk's index in the file
        public int Inode;                           // the InodeCache entry it belongs to
        public int Length;                          // the file's bytes in it
        public bool Referenced;                     // read since the clock's hand last passed it
        public int Next;                            // bucket chain, + 1
    }

    public static class PageCache
    {
        public const int ChunkSize = 64 * 1024;
        public const int MaxChunks = 512;           // 32 MiB, mapped demand-zero: untouched chunks cost nothing
        private const int Buckets = 1024;

        private static readonly CachedChunk[] s_chunks = new CachedChunk[MaxChunks];
        private static readonly int[] s_buckets = new int[Buckets];     // first chunk + 1
        private static MappedTable<byte> s_bytes;
        private static int s_count;
        private static int s_hand;

        public static bool Started => s_bytes.Length != 0;

        // How many chunks a machine of `memory` bytes gives the cache: an eighth of it, 1 MiB at
        // least, MaxChunks at most (a 256 MiB machine caches 32 MiB of files).
        public static int ChunksFor(ulong memory) => (int)Math.Max(16UL, Math.Min(memory / 8 / ChunkSize, MaxChunks));

        // The chunks' memory: a whole number of chunks that stay where they are.
        public static void Start(MappedTable<byte> bytes)
        {
            s_bytes = bytes;
            s_count = Math.Min(bytes.Length / ChunkSize, MaxChunks);
            Reset();
        }

        public static int Chunks => s_count;

        public static void Reset()
        {
            s_chunks.AsSpan().Clear();
            s_buckets.AsSpan().Clear();
            s_hand = 0;
        }

        public static ref CachedChunk At(int chunk) => ref s_chunks[chunk];

        // The chunk's bytes of the file (its Length), or all of it to fill.
        public static Span<byte> Bytes(int chunk, int length) => s_bytes.Slice(chunk * ChunkSize, length);

        // The cache entry holding chunk `index` of the contents generation `contents`, or -1.
        public static int Find(ulong contents, ulong index)
        {
            for (int i = s_buckets[Bucket(contents, index)]; i != 0; i = s_chunks[i - 1].Next)
            {
                ref CachedChunk candidate = ref s_chunks[i - 1];
                if (candidate.Contents == contents && candidate.Chunk == index)
                {
                    candidate.Referenced = true;
                    return i - 1;
                }
            }
            return -1;
        }

        // A chunk to fill (the clock's choice: a free or stale one first, else the first not read
        // since the hand last passed), taken out of the cache until Filled.
        public static int Claim()
        {
            while (true)                            // one turn of the hand clears every Referenced
            {
                int chunk = s_hand;
                s_hand = (s_hand + 1) % s_count;
                ref CachedChunk entry = ref s_chunks[chunk];
                if (entry.Contents != 0 && entry.Referenced && !IsStale(in entry))
                {
                    entry.Referenced = false;
                    continue;
                }
                Drop(chunk);
                return chunk;
            }
        }

        // The claimed chunk now holds `length` bytes of chunk `index` of the inode entry's
        // generation `contents`.
        public static void Filled(int chunk, int inode, ulong contents, ulong index, int length)
        {
            ref CachedChunk entry = ref s_chunks[chunk];
            entry.Contents = contents;
            entry.Chunk = index;
            entry.Inode = inode;
            entry.Length = length;
            entry.Referenced = true;
            int bucket = Bucket(contents, index);
            entry.Next = s_buckets[bucket];
            s_buckets[bucket] = chunk + 1;
        }

        // The chunks in use that still belong to their inode's current contents.
        public static int Current()
        {
            int count = 0;
            for (int i = 0; i < s_count; i++)
                if (s_chunks[i].Contents != 0 && !IsStale(in s_chunks[i])) count++;
            return count;
        }

        private static bool IsStale(in CachedChunk entry) => InodeCache.At(entry.Inode).Contents != entry.Contents;

        // The chunk out of its bucket's chain, free.
        private static void Drop(int chunk)
        {
            ref CachedChunk entry = ref s_chunks[chunk];
            if (entry.Contents == 0) return;
            ref int link = ref s_buckets[Bucket(entry.Contents, entry.Chunk)];
            while (link != chunk + 1) link = ref s_chunks[link - 1].Next;
            link = entry.Next;
            entry = default;
        }

        private static int Bucket(ulong contents, ulong index) => (int)(((contents << 20) + index) * 0x9E3779B97F4A7C15UL >> 54);     // Fibonacci hashing: 10 bits
    }
}
