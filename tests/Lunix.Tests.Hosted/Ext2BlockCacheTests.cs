using System;
using Lunix.FileSystems.Ext2;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The ext2 server's block cache (FileSystems/Ext2/BlockCache.cs): dirty blocks go back in
    // runs, one transfer for blocks that follow one another; a long read comes from the device in
    // one transfer with the cached (newer) blocks laid over it.
    public class Ext2BlockCacheTests
    {
        private const int BlockSize = 4096;

        private static (BlockCache Cache, MemoryDisk Disk) Fresh()
        {
            var disk = new MemoryDisk(new byte[1 << 20]);
            var cache = new BlockCache(disk);
            cache.Forget(BlockSize);
            return (cache, disk);
        }

        private static void Fill(BlockCache cache, ulong block, byte value)
        {
            Assert.Equal(0, cache.GetZeroed(block, out Span<byte> bytes));
            bytes.Fill(value);
        }

        private static byte OnDisk(MemoryDisk disk, ulong block, int at = 0) => disk.Image[(int)block * BlockSize + at];

        [Fact]
        public void BlocksThatFollowOneAnotherGoBackInOneTransfer()
        {
            var (cache, disk) = Fresh();
            for (ulong block = 10; block < 20; block++) Fill(cache, block, (byte)block);
            Fill(cache, 40, 40);
            Assert.True(cache.AnyDirty);
            Assert.Equal(0, cache.Flush());
            Assert.Equal(2, disk.Writes);
            for (ulong block = 10; block < 20; block++) Assert.Equal((byte)block, OnDisk(disk, block, BlockSize - 1));
            Assert.Equal(40, OnDisk(disk, 40));
            Assert.False(cache.AnyDirty);
            Assert.Equal(0, cache.Flush());
            Assert.Equal(2, disk.Writes);
        }

        [Fact]
        public void AReplacedDirtyBlockTakesItsNeighboursAlongUpToOneRun()
        {
            var (cache, disk) = Fresh();
            for (ulong block = 100; block < 100 + BlockCache.Slots; block++) Fill(cache, block, 7);
            Assert.Equal(0, cache.Get(200, false, out _));        // replaces block 100, the least recently used
            Assert.Equal(1, disk.Writes);
            Assert.Equal(BlockCache.RunBytes / BlockSize, cache.RunBlocks);
            for (ulong block = 100; block < 100 + (ulong)cache.RunBlocks; block++) Assert.Equal(7, OnDisk(disk, block));
            Assert.Equal(0, OnDisk(disk, 100 + (ulong)cache.RunBlocks));
            Assert.Equal(0, cache.Flush());
            Assert.Equal(2, disk.Writes);                         // the other 16: one more run
            for (ulong block = 101; block < 100 + BlockCache.Slots; block++) Assert.Equal(7, OnDisk(disk, block));
        }

        [Fact]
        public void ALongReadIsOneTransferWithTheCachedBlocksOverIt()
        {
            var (cache, disk) = Fresh();
            for (int block = 4; block < 8; block++) disk.Image.AsSpan(block * BlockSize, BlockSize).Fill((byte)('A' + block));
            Assert.Equal(0, cache.Get(5, true, out Span<byte> changed));
            changed.Fill((byte)'z');                                // dirty: not on the device yet
            int reads = disk.Reads;
            Assert.True(cache.Holds(5));
            Assert.False(cache.Holds(6));
            Assert.Equal(0, cache.ReadAround(4, 4, out ReadOnlySpan<byte> run));
            Assert.Equal(reads + 1, disk.Reads);
            Assert.Equal(4 * BlockSize, run.Length);
            Assert.Equal((byte)'E', run[0]);
            Assert.Equal((byte)'z', run[BlockSize]);
            Assert.Equal((byte)'z', run[2 * BlockSize - 1]);
            Assert.Equal((byte)'G', run[2 * BlockSize]);
            Assert.Equal((byte)'H', run[4 * BlockSize - 1]);
            Assert.False(cache.Holds(6));                           // the run did not pass through the slots
        }

        [Fact]
        public void AFailedWriteBackKeepsTheBlocksDirty()
        {
            var (cache, disk) = Fresh();
            Fill(cache, 3, 1);
            Fill(cache, 4, 2);
            disk.Writable = false;
            Assert.Equal(-30, cache.Flush());                        // EROFS
            Assert.True(cache.AnyDirty);
            disk.Writable = true;
            Assert.Equal(0, cache.Flush());
            Assert.Equal(1, disk.Writes);
            Assert.Equal(2, OnDisk(disk, 4));
        }
    }
}
