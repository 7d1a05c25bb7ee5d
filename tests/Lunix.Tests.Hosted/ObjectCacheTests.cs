using System;
using System.Collections.Generic;
using System.Linq;
using Lunix.Kernel.Memory;
using Xunit;

namespace Lunix.Tests.Hosted
{
    public unsafe class ObjectCacheTests
    {
        private const int Frame = (int)FrameAllocator.FrameSize;
        // Fresh frames hold this, to show every object comes back zeroed.
        private const byte Garbage = 0xAB;

        private static (FrameAllocator Frames, PhysicalWindow Window) Ram(int frameCount)
        {
            var ram = new SimulatedRam(frameCount, Garbage);
            return (ram.Frames, ram.Window);
        }

        private static ObjectCache Cache(uint size, int frameCount, out FrameAllocator frames)
        {
            (frames, PhysicalWindow window) = Ram(frameCount);
            return ObjectCache.Create("test", size, frames, window);
        }

        private static void AssertZeroed(void* p, uint size)
        {
            var bytes = new ReadOnlySpan<byte>(p, (int)size);
            Assert.True(bytes.IndexOfAnyExcept((byte)0) < 0, "object not zeroed");
        }

        private static (ulong, ulong, ulong, ulong) Counters(ObjectCache cache) =>
            (cache.ObjectsAllocated, cache.ObjectsFree, cache.HighWater, cache.Slabs);

        [Theory]
        [InlineData(0u)]
        [InlineData(ObjectCache.MaxObjectSize + 1)]
        public void UnsupportedSizesAreRefused(uint size)
        {
            var (frames, window) = Ram(4);
            Assert.Null(ObjectCache.Create("bad", size, frames, window));
        }

        [Theory]
        [InlineData(1u, 8u, 500u)]
        [InlineData(8u, 8u, 500u)]
        [InlineData(20u, 24u, 166u)]
        [InlineData(2048u, 2048u, 1u)]
        public void SizesRoundUpToEightBytes(uint size, uint objectSize, uint slotsPerSlab)
        {
            var cache = Cache(size, 4, out _);
            Assert.Equal(objectSize, cache.ObjectSize);
            Assert.Equal(slotsPerSlab, cache.SlotsPerSlab);
            Assert.Equal("test", cache.Name);
        }

        [Theory]
        [InlineData(8u)]
        [InlineData(24u)]
        [InlineData(200u)]
        [InlineData(1000u)]
        [InlineData(2048u)]
        public void ObjectsAreAlignedZeroedAndDisjoint(uint size)
        {
            var cache = Cache(size, 16, out _);
            int count = (int)cache.SlotsPerSlab * 3 + 1;
            var objects = new List<ulong>();
            for (int i = 0; i < count; i++)
            {
                byte* p = (byte*)cache.Allocate();
                Assert.True(p != null);
                Assert.Equal(0UL, (ulong)p % 8);
                AssertZeroed(p, size);
                // Dirty it, so a later object overlapping this one would not be zeroed.
                new Span<byte>(p, (int)size).Fill(0xFF);
                objects.Add((ulong)p);
            }
            objects.Sort();
            for (int i = 1; i < objects.Count; i++) Assert.True(objects[i - 1] + size <= objects[i], "objects overlap");
            // Every slot was dirtied; each comes back zeroed.
            foreach (ulong p in objects) Assert.Equal(ObjectCacheResult.Ok, cache.Free((void*)p));
            for (int i = 0; i < count; i++) AssertZeroed(cache.Allocate(), size);
        }

        [Fact]
        public void CountersFollowAllocationsAndFrees()
        {
            var cache = Cache(64, 16, out FrameAllocator frames);
            ulong slots = cache.SlotsPerSlab;
            ulong freeFrames = frames.FreeFrames;
            Assert.Equal((0UL, 0UL, 0UL, 0UL), Counters(cache));

            var objects = new List<ulong>();
            for (ulong i = 0; i < slots + 1; i++) objects.Add((ulong)cache.Allocate());
            Assert.Equal((slots + 1, slots - 1, slots + 1, 2UL), Counters(cache));
            Assert.Equal(freeFrames - 2, frames.FreeFrames);

            Assert.Equal(ObjectCacheResult.Ok, cache.Free((void*)objects[0]));
            Assert.Equal((slots, slots, slots + 1, 2UL), Counters(cache));

            cache.Allocate();
            cache.Allocate();
            Assert.Equal((slots + 2, slots - 2, slots + 2, 2UL), Counters(cache));
        }

        [Fact]
        public void PartiallyFreeSlabsArePreferred()
        {
            var cache = Cache(512, 16, out FrameAllocator frames);
            var objects = new List<ulong>();
            for (uint i = 0; i < cache.SlotsPerSlab * 3; i++) objects.Add((ulong)cache.Allocate());
            ulong freeFrames = frames.FreeFrames;

            // One hole in the first slab and one in the last: both are filled before a new frame.
            Assert.Equal(ObjectCacheResult.Ok, cache.Free((void*)objects[1]));
            Assert.Equal(ObjectCacheResult.Ok, cache.Free((void*)objects[^1]));
            var refilled = new[] { (ulong)cache.Allocate(), (ulong)cache.Allocate() };
            Assert.Equal(new[] { objects[1], objects[^1] }.Order(), refilled.Order());
            Assert.Equal(freeFrames, frames.FreeFrames);
            Assert.Equal(0UL, cache.ObjectsFree);
        }

        [Fact]
        public void EmptySlabsGoBackToTheFrameAllocatorButOne()
        {
            var cache = Cache(1000, 16, out FrameAllocator frames);
            ulong freeFrames = frames.FreeFrames;
            uint slots = cache.SlotsPerSlab;
            var objects = new List<ulong>();
            for (uint i = 0; i < slots * 3; i++) objects.Add((ulong)cache.Allocate());
            Assert.Equal(freeFrames - 3, frames.FreeFrames);

            // The first slab to empty is kept, the second goes back.
            for (int i = 0; i < slots; i++) cache.Free((void*)objects[i]);
            Assert.Equal((3UL, (ulong)slots), (cache.Slabs, cache.ObjectsFree));
            Assert.Equal(freeFrames - 3, frames.FreeFrames);
            for (int i = (int)slots; i < 2 * slots; i++) cache.Free((void*)objects[i]);
            Assert.Equal((2UL, (ulong)slots), (cache.Slabs, cache.ObjectsFree));
            Assert.Equal(freeFrames - 2, frames.FreeFrames);

            // The kept slab serves the next allocation without a new frame.
            Assert.True(cache.Allocate() != null);
            Assert.Equal(freeFrames - 2, frames.FreeFrames);
        }

        [Fact]
        public void ReleasingTheEmptySlabReturnsEveryFrame()
        {
            var cache = Cache(24, 16, out FrameAllocator frames);
            ulong freeFrames = frames.FreeFrames;
            var objects = new List<ulong>();
            for (int i = 0; i < 1000; i++) objects.Add((ulong)cache.Allocate());
            foreach (ulong p in objects) Assert.Equal(ObjectCacheResult.Ok, cache.Free((void*)p));
            Assert.Equal(1UL, cache.Slabs);
            Assert.Equal(ObjectCacheResult.Ok, cache.ReleaseEmptySlab());
            Assert.Equal(ObjectCacheResult.Ok, cache.ReleaseEmptySlab());
            Assert.Equal((0UL, 0UL, 1000UL, 0UL), Counters(cache));
            Assert.Equal(freeFrames, frames.FreeFrames);
        }

        [Fact]
        public void DoubleFreesAreRefused()
        {
            var cache = Cache(40, 16, out _);
            byte* a = (byte*)cache.Allocate();
            byte* b = (byte*)cache.Allocate();
            Assert.Equal(ObjectCacheResult.Ok, cache.Free(a));
            var before = Counters(cache);
            Assert.Equal(ObjectCacheResult.NotAllocated, cache.Free(a));
            // The slot after b was never handed out.
            Assert.Equal(ObjectCacheResult.NotAllocated, cache.Free(b + 40));
            Assert.Equal(before, Counters(cache));
            // The refusals left the free list intact: a comes back once, then a fresh slot.
            Assert.True(cache.Allocate() == a);
            Assert.True(cache.Allocate() == b + 40);
        }

        [Fact]
        public void PointersThatAreNoSlotOfTheCacheAreRefused()
        {
            var (frames, window) = Ram(16);
            var cache = ObjectCache.Create("test", 24, frames, window);
            var other = ObjectCache.Create("other", 24, frames, window);
            byte* mine = (byte*)cache.Allocate();
            byte* theirs = (byte*)other.Allocate();
            Assert.True(frames.TryAllocate(FrameZone.Any, out ulong plainFrame));
            ulong slab = (ulong)(mine - window.Base) & ~((ulong)Frame - 1);
            byte* lastSlotEnd = window.Bytes(slab) + Frame - (Frame - 96) % 24;
            int onStack = 0;
            var before = Counters(cache);

            Assert.Equal(ObjectCacheResult.NotInCache, cache.Free(null));
            Assert.Equal(ObjectCacheResult.NotInCache, cache.Free(theirs));
            Assert.Equal(ObjectCacheResult.NotInCache, cache.Free(window.Bytes(plainFrame) + 96));
            Assert.Equal(ObjectCacheResult.NotInCache, cache.Free(&onStack));
            Assert.Equal(ObjectCacheResult.NotInCache, cache.Free(window.Bytes(16UL * (ulong)Frame)));
            Assert.Equal(ObjectCacheResult.NotInCache, cache.Free(window.Base - 8));
            // A frame the allocator has free, even if it holds an old header of this cache.
            Assert.True(frames.TryAllocate(FrameZone.Any, out ulong freed));
            Buffer.MemoryCopy(window.Bytes(slab), window.Bytes(freed), Frame, Frame);
            Assert.Equal(FrameResult.Ok, frames.Release(freed));
            Assert.Equal(ObjectCacheResult.NotInCache, cache.Free(window.Bytes(freed) + 96));
            Assert.Equal(ObjectCacheResult.NotASlot, cache.Free(mine + 8));
            Assert.Equal(ObjectCacheResult.NotASlot, cache.Free(window.Bytes(slab)));
            Assert.Equal(ObjectCacheResult.NotASlot, cache.Free(lastSlotEnd));

            Assert.Equal(before, Counters(cache));
            Assert.Equal(ObjectCacheResult.Ok, cache.Free(mine));
            Assert.Equal(ObjectCacheResult.Ok, other.Free(theirs));
        }

        [Fact]
        public void AllocateReturnsNullWhenFramesRunOut()
        {
            var cache = Cache(2048, 3, out FrameAllocator frames);
            var objects = new List<ulong>();
            for (int i = 0; i < 3; i++) objects.Add((ulong)cache.Allocate());
            Assert.Equal(0UL, frames.FreeFrames);
            var before = Counters(cache);
            Assert.True(cache.Allocate() == null);
            Assert.Equal(before, Counters(cache));
            Assert.Equal(ObjectCacheResult.Ok, cache.Free((void*)objects[1]));
            Assert.True(cache.Allocate() == (void*)objects[1]);
        }

        [Fact]
        public void AKeptSlabWhoseFrameWasFreedBehindTheCacheIsReported()
        {
            var (frames, window) = Ram(4);
            var cache = ObjectCache.Create("test", 64, frames, window);
            byte* p = (byte*)cache.Allocate();
            Assert.Equal(ObjectCacheResult.Ok, cache.Free(p));
            // A kernel bug frees the kept slab's frame; the cache finds out when it gives it back.
            Assert.Equal(FrameResult.Ok, frames.Release((ulong)(p - window.Base) & ~((ulong)Frame - 1)));
            Assert.Equal(ObjectCacheResult.SlabReleaseRefused, cache.ReleaseEmptySlab());
            Assert.Equal(0UL, cache.Slabs);
        }
    }
}
