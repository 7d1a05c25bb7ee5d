using System;
using Lunix.Abi.Linux;

namespace Lunix.FileSystems.Iso9660
{
    // The few blocks a lookup or a directory listing comes back to (a directory's block, a
    // continuation area, the record of the inode asked about), kept so that a walk reads each
    // once. Sixteen slots, the least recently used one replaced. A span Get returns is valid until
    // the next Get.
    public sealed class BlockCache
    {
        private const int Slots = 16;
        private readonly IBlockMedium _medium;
        private readonly byte[] _bytes = new byte[Slots * IsoBlocks.Size];
        private readonly ulong[] _blocks = new ulong[Slots];
        private readonly ulong[] _used = new ulong[Slots];
        private ulong _clock;

        public BlockCache(IBlockMedium medium)
        {
            _medium = medium;
            Clear();
        }

        // Forgets every block: a new medium, or the same one mounted again.
        public void Clear()
        {
            for (int i = 0; i < Slots; i++) _blocks[i] = ulong.MaxValue;
        }

        public long Get(ulong block, out ReadOnlySpan<byte> bytes)
        {
            bytes = default;
            int victim = 0;
            for (int i = 0; i < Slots; i++)
            {
                if (_blocks[i] == block)
                {
                    _used[i] = ++_clock;
                    bytes = _bytes.AsSpan(i * IsoBlocks.Size, IsoBlocks.Size);
                    return 0;
                }
                if (_used[i] < _used[victim]) victim = i;
            }
            Span<byte> slot = _bytes.AsSpan(victim * IsoBlocks.Size, IsoBlocks.Size);
            _blocks[victim] = ulong.MaxValue;
            long read = _medium.ReadBlocks(block, slot);
            if (read < 0) return read;
            _blocks[victim] = block;
            _used[victim] = ++_clock;
            bytes = slot;
            return 0;
        }
    }
}
