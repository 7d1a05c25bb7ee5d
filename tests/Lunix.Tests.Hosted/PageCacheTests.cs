using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Servers.Vfs;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // VFS's page cache (Servers/Vfs/PageCache.cs): a chunk is found by its inode's contents
    // generation and its index; a change of the contents (ContentsChanged, Forget, an entry
    // replaced in InodeCache) makes every chunk of the old contents unfindable at once, and those
    // stale chunks are the clock's first choice; a chunk read since the hand passed survives one
    // turn. The cache's size follows the machine's memory.
    [Collection("VfsCaches")]
    public sealed unsafe class PageCacheTests
    {
        private const int Server = 70;

        public PageCacheTests()
        {
            InodeCache.Reset();
            NameCache.Reset();
            // 64 chunks (4 MiB): the clock's turns stay short.
            byte* chunks = PinnedBytes.Copy(new byte[64 * PageCache.ChunkSize]);
            PageCache.Start(new MappedTable<byte>((ulong)chunks, 64 * PageCache.ChunkSize));
        }

        private static int Remember(ulong inode) =>
            InodeCache.Remember(Server, new FsReply { Inode = inode, Mode = FileModes.Regular | 0644, Size = 3 * PageCache.ChunkSize }, held: true);

        // Page `page` of the inode's current contents, filled with `fill` bytes of `value`.
        private static int Fill(int inode, ulong page, byte value, int fill = PageCache.ChunkSize)
        {
            int frame = PageCache.Claim();
            PageCache.Bytes(frame, PageCache.ChunkSize).Slice(0, fill).Fill(value);
            PageCache.Filled(frame, inode, InodeCache.At(inode).Contents, page, fill);
            return frame;
        }

        [Fact]
        public void A_page_is_found_by_its_contents_and_index_with_its_bytes()
        {
            int inode = Remember(10);
            int first = Fill(inode, 0, 0xAA);
            int last = Fill(inode, 1, 0xBB, fill: 100);
            ulong contents = InodeCache.At(inode).Contents;
            Assert.Equal(first, PageCache.Find(contents, 0));
            Assert.Equal(last, PageCache.Find(contents, 1));
            Assert.Equal(-1, PageCache.Find(contents, 2));
            Assert.Equal(100, PageCache.At(last).Length);
            Assert.True(PageCache.Bytes(last, 100).IndexOfAnyExcept((byte)0xBB) < 0);
            Assert.Equal(0xAA, PageCache.Bytes(first, PageCache.ChunkSize)[PageCache.ChunkSize - 1]);
        }

        [Fact]
        public void A_contents_change_or_a_forgotten_inode_leaves_no_page_to_find()
        {
            int inode = Remember(20);
            Fill(inode, 0, 1);
            ulong before = InodeCache.At(inode).Contents;
            InodeCache.ContentsChanged(Server, 20);
            Assert.NotEqual(before, InodeCache.At(inode).Contents);
            Assert.Equal(-1, PageCache.Find(InodeCache.At(inode).Contents, 0));
            Assert.Equal(0, PageCache.Current());

            Fill(inode, 0, 2);
            Assert.Equal(1, PageCache.Current());
            InodeCache.Forget(Server, 20);
            Assert.Equal(0, PageCache.Current());
            // The same number remembered again is new contents: nothing of before is found.
            int again = Remember(20);
            Assert.Equal(-1, PageCache.Find(InodeCache.At(again).Contents, 0));
        }

        [Fact]
        public void An_inode_entry_replaced_by_another_takes_its_pages_with_it()
        {
            // Numbers 256 apart share an InodeCache set of four ways: the fifth replaces the first.
            int first = Remember(3);
            Fill(first, 0, 3);
            for (ulong i = 1; i < 5; i++) Remember(3 + 256 * i);
            Assert.Equal(-1, InodeCache.Find(Server, 3));
            Assert.Equal(0, PageCache.Current());
        }

        [Fact]
        public void The_clock_reuses_stale_pages_first_then_pages_not_read_since_it_passed()
        {
            int hot = Remember(30), cold = Remember(31), changed = Remember(32);
            int stale = Fill(changed, 0, 9);
            InodeCache.ContentsChanged(Server, 32);
            // Fill every other frame; the hand comes round to the stale page before any of them.
            for (int i = 1; i < PageCache.Chunks; i++) Fill(i % 2 == 0 ? hot : cold, (ulong)i, 1);
            Assert.Equal(stale, PageCache.Claim());
            PageCache.Filled(stale, cold, InodeCache.At(cold).Contents, 0, PageCache.ChunkSize);

            // All are referenced (just filled): one turn clears them. Read the hot file's pages
            // again; the next claims after that turn take only the cold file's.
            int reused = PageCache.Claim();
            PageCache.Filled(reused, cold, InodeCache.At(cold).Contents, 10_000, PageCache.ChunkSize);
            for (int i = 2; i < PageCache.Chunks; i += 2) Assert.True(PageCache.Find(InodeCache.At(hot).Contents, (ulong)i) >= 0);
            for (int n = 0; n < PageCache.Chunks / 4; n++)
            {
                int frame = PageCache.Claim();
                PageCache.Filled(frame, cold, InodeCache.At(cold).Contents, 20_000 + (ulong)n, PageCache.ChunkSize);
            }
            for (int i = 2; i < PageCache.Chunks; i += 2) Assert.True(PageCache.Find(InodeCache.At(hot).Contents, (ulong)i) >= 0);
        }

        [Fact]
        public void Thousands_of_pages_through_the_cache_keep_every_answer_right()
        {
            var random = new Random(5);
            int[] inodes = { Remember(40), Remember(41), Remember(42) };
            for (int n = 0; n < 20_000; n++)
            {
                int which = random.Next(inodes.Length);
                int inode = inodes[which];
                ulong page = (ulong)random.Next(400);
                if (random.Next(50) == 0) InodeCache.ContentsChanged(Server, 40 + (ulong)which);
                ulong contents = InodeCache.At(inode).Contents;
                int frame = PageCache.Find(contents, page);
                byte expected = (byte)(contents * 31 + page);
                if (frame < 0) frame = Fill(inode, page, expected, fill: (int)(page % 7) * 100 + 1);
                Assert.Equal(expected, PageCache.Bytes(frame, PageCache.At(frame).Length)[0]);
                Assert.Equal((int)(page % 7) * 100 + 1, PageCache.At(frame).Length);
            }
        }

        [Theory]
        [InlineData(256UL << 20, 512)]          // an eighth of 256 MiB: 32 MiB
        [InlineData(128UL << 20, 256)]
        [InlineData(4UL << 30, 512)]            // never more than MaxChunks
        [InlineData(16UL << 20, 32)]
        [InlineData(0UL, 16)]                   // memory unknown: 1 MiB
        public void The_cache_takes_an_eighth_of_the_machine_s_memory_within_bounds(ulong memory, int chunks)
        {
            Assert.Equal(chunks, PageCache.ChunksFor(memory));
        }

        [Fact]
        public void Start_takes_as_many_chunks_as_the_memory_holds()
        {
            Assert.Equal(64, PageCache.Chunks);
            byte* more = PinnedBytes.Copy(new byte[3 * PageCache.ChunkSize]);
            PageCache.Start(new MappedTable<byte>((ulong)more, 3 * PageCache.ChunkSize));
            Assert.Equal(3, PageCache.Chunks);
        }
    }
}
