using System;

namespace Lunix.Servers.Vfs
{
    // VFS's page cache (Linux's, in front of every file system; MINIX's VFS has none): pages of
    // the files of cached file systems (FileServers.IsCached), kept in VFS's own memory so that a
    // small read is one copy from here to the program, with no request to the file system.
    //
    // A page belongs to one version of one inode's contents: InodeCache gives every entry a
    // contents generation, new whenever the entry is made and whenever CacheRules sees a request
    // that may change the file's bytes (write, truncate, set-attributes, unlink, an unanswered
    // request). A page of an older generation is never found again, so dropping a file's pages
    // costs nothing at the write; the clock reuses such stale pages first. A page shorter than
    // PageSize is the file's last (the file ends in it); that is true for as long as its
    // generation is the inode's.
    public struct CachedPage
    {
        public ulong Contents;                      // the inode's contents generation; 0: free
        public ulong Page;                          // the page's index in the file
        public int Inode;                           // the InodeCache entry it belongs to
        public int Length;                          // the file's bytes in it
        public bool Referenced;                     // read since the clock's hand last passed it
        public int Next;                            // bucket chain, + 1
    }

    public static class PageCache
    {
        public const int PageSize = 4096;
        public const int Frames = 512;              // 2 MiB, mapped demand-zero: untouched frames cost nothing
        private const int Buckets = 1024;

        private static readonly CachedPage[] s_pages = new CachedPage[Frames];
        private static readonly int[] s_buckets = new int[Buckets];     // first page + 1
        private static MappedTable<byte> s_bytes;
        private static int s_hand;

        public static bool Started => s_bytes.Length != 0;

        // The frames' memory: Frames * PageSize bytes that stay where they are.
        public static void Start(MappedTable<byte> bytes)
        {
            s_bytes = bytes;
            Reset();
        }

        public static void Reset()
        {
            s_pages.AsSpan().Clear();
            s_buckets.AsSpan().Clear();
            s_hand = 0;
        }

        public static ref CachedPage At(int frame) => ref s_pages[frame];

        // The frame's bytes of the file (its Length), or all of it to fill.
        public static Span<byte> Bytes(int frame, int length) => s_bytes.Slice(frame * PageSize, length);

        // The frame holding page `page` of the contents generation `contents`, or -1.
        public static int Find(ulong contents, ulong page)
        {
            for (int i = s_buckets[Bucket(contents, page)]; i != 0; i = s_pages[i - 1].Next)
            {
                ref CachedPage candidate = ref s_pages[i - 1];
                if (candidate.Contents == contents && candidate.Page == page)
                {
                    candidate.Referenced = true;
                    return i - 1;
                }
            }
            return -1;
        }

        // A frame to fill (the clock's choice: a free or stale one first, else the first not read
        // since the hand last passed), taken out of the cache until Filled.
        public static int Claim()
        {
            while (true)                            // one turn of the hand clears every Referenced
            {
                int frame = s_hand;
                s_hand = (s_hand + 1) % Frames;
                ref CachedPage page = ref s_pages[frame];
                if (page.Contents != 0 && page.Referenced && !IsStale(in page))
                {
                    page.Referenced = false;
                    continue;
                }
                Drop(frame);
                return frame;
            }
        }

        // The claimed frame now holds `length` bytes of page `page` of the inode entry's
        // generation `contents`.
        public static void Filled(int frame, int inode, ulong contents, ulong page, int length)
        {
            ref CachedPage entry = ref s_pages[frame];
            entry.Contents = contents;
            entry.Page = page;
            entry.Inode = inode;
            entry.Length = length;
            entry.Referenced = true;
            int bucket = Bucket(contents, page);
            entry.Next = s_buckets[bucket];
            s_buckets[bucket] = frame + 1;
        }

        // The frames in use that still belong to their inode's current contents.
        public static int Current()
        {
            int count = 0;
            for (int i = 0; i < Frames; i++)
                if (s_pages[i].Contents != 0 && !IsStale(in s_pages[i])) count++;
            return count;
        }

        private static bool IsStale(in CachedPage page) => InodeCache.At(page.Inode).Contents != page.Contents;

        // The frame out of its bucket's chain, free.
        private static void Drop(int frame)
        {
            ref CachedPage page = ref s_pages[frame];
            if (page.Contents == 0) return;
            ref int link = ref s_buckets[Bucket(page.Contents, page.Page)];
            while (link != frame + 1) link = ref s_pages[link - 1].Next;
            link = page.Next;
            page = default;
        }

        private static int Bucket(ulong contents, ulong page) => (int)(((contents << 20) + page) * 0x9E3779B97F4A7C15UL >> 54);     // Fibonacci hashing: 10 bits
    }
}
