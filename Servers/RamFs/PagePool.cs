using System;

namespace Lunix.Servers.RamFs
{
    // The pages that hold file and directory data: 4 KiB pages carved from chunks of memory
    // mapped as needed, named by a page id (0 is no page). A freed page goes on a free list kept
    // in the free pages themselves, so the pool needs no table beyond its chunk addresses. Pages
    // are handed out in address order while there is no freed one, so a file written from start
    // to end lies in consecutive pages, which FileData copies as one run.
    public sealed unsafe class PagePool
    {
        public const int PageSize = 4096;
        private const int ChunkPages = 1024;                    // 4 MiB mapped at a time
        private const int MaxChunks = 512;                      // 2 GiB of file data at most

        private readonly IMemorySource _memory;
        private readonly ulong[] _chunks = new ulong[MaxChunks];
        private int _chunkCount;
        private int _freshInLastChunk = ChunkPages;             // pages of the last chunk never handed out start here
        private uint _freeList;

        public PagePool(IMemorySource memory) => _memory = memory;

        public long PagesInUse { get; private set; }
        public static long Capacity => (long)MaxChunks * ChunkPages;

        // The most pages in use at once (ENOSPC past it): Capacity, or what the server sets at
        // start, half the machine's memory as Linux's tmpfs takes by default. Without it, files
        // could take every frame, and then VM could not back the pages of the server's own
        // tables: the server would fault and lose everything, instead of refusing a write.
        public long Limit { get; set; } = Capacity;

        // A page, zeroed when `zero` (a page from VM is zero already); 0 when memory ran out.
        public uint Allocate(bool zero)
        {
            if (PagesInUse >= Limit) return 0;
            uint id = _freeList;
            if (id != 0)
            {
                _freeList = *(uint*)Address(id);
                if (zero) new Span<byte>(Address(id), PageSize).Clear();
                else *(uint*)Address(id) = 0;
            }
            else
            {
                if (_freshInLastChunk == ChunkPages)
                {
                    if (_chunkCount == MaxChunks) return 0;
                    ulong chunk = _memory.Map((ulong)ChunkPages * PageSize);
                    if (chunk == 0) return 0;
                    _chunks[_chunkCount++] = chunk;
                    _freshInLastChunk = 0;
                }
                id = (uint)((_chunkCount - 1) * ChunkPages + _freshInLastChunk++ + 1);
            }
            PagesInUse++;
            return id;
        }

        public void Free(uint id)
        {
            if (id == 0) return;
            *(uint*)Address(id) = _freeList;
            _freeList = id;
            PagesInUse--;
        }

        public byte* Address(uint id)
        {
            uint index = id - 1;
            return (byte*)_chunks[index / ChunkPages] + (ulong)(index % ChunkPages) * PageSize;
        }

        public Span<byte> Page(uint id) => new Span<byte>(Address(id), PageSize);
    }
}
