using System;
using System.Collections.Generic;
using Lunix.Kernel.Memory;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // Long random sequences of allocate, free and bad frees on two caches sharing one frame
    // allocator, checked after every step against a model of what each cache has handed out.
    public unsafe class ObjectCacheRandomTests
    {
        private const int Steps = 20_000;
        private const int FrameCount = 128;
        private const ulong Frame = FrameAllocator.FrameSize;

        // What one cache has handed out, as the test sees it.
        private sealed class Model
        {
            public ObjectCache Cache;
            // Live objects with the byte each was filled with; the set finds duplicates.
            public readonly List<(ulong Address, byte Fill)> Live = new List<(ulong, byte)>();
            public readonly HashSet<ulong> LiveSet = new HashSet<ulong>();
            // Live objects per frame (by window address): the slabs that must be held.
            public readonly Dictionary<ulong, int> PerFrame = new Dictionary<ulong, int>();
            // Addresses freed lately, for double-free attempts.
            public readonly List<ulong> Freed = new List<ulong>();
            public ulong HighWater;
        }

        [Theory]
        [InlineData(1, 8u, 200u)]
        [InlineData(2, 64u, 24u)]
        [InlineData(3, 2048u, 1000u)]
        [InlineData(4, 40u, 512u)]
        public void RandomSequencesMatchTheModel(int seed, uint sizeA, uint sizeB)
        {
            var ram = new SimulatedRam(FrameCount, 0xAB);
            ulong framesAtStart = ram.Frames.FreeFrames;
            var models = new[]
            {
                new Model { Cache = ObjectCache.Create("a", sizeA, ram.Frames, ram.Window) },
                new Model { Cache = ObjectCache.Create("b", sizeB, ram.Frames, ram.Window) },
            };
            var random = new Random(seed);

            for (int step = 0; step < Steps; step++)
            {
                Model model = models[random.Next(2)];
                Model other = model == models[0] ? models[1] : models[0];
                // Phases of mostly allocating and mostly freeing, so slabs fill, empty and go back.
                bool filling = step / 2_000 % 2 == 0;
                int roll = random.Next(100);
                if (roll < 5) RefuseBadFree(model, other, random);
                else if (model.Live.Count == 0 || roll < (filling ? 70 : 35)) Allocate(model, ram, random);
                else Free(model, random);
                foreach (Model m in models) CheckCounters(m);
                Assert.Equal(framesAtStart - ram.Frames.FreeFrames, models[0].Cache.Slabs + models[1].Cache.Slabs);
            }

            foreach (Model model in models)
            {
                while (model.Live.Count > 0) Free(model, random);
                CheckCounters(model);
                Assert.Equal(ObjectCacheResult.Ok, model.Cache.ReleaseEmptySlab());
                Assert.Equal(0UL, model.Cache.Slabs);
            }
            Assert.Equal(framesAtStart, ram.Frames.FreeFrames);
        }

        private static void Allocate(Model model, SimulatedRam ram, Random random)
        {
            ObjectCache cache = model.Cache;
            ulong freeSlots = cache.ObjectsFree, slabs = cache.Slabs;
            byte* p = (byte*)cache.Allocate();
            if (p == null)
            {
                Assert.Equal(0UL, freeSlots);
                Assert.Equal(0UL, ram.Frames.FreeFrames);
                return;
            }
            // A new frame only when no slab held had a free slot.
            if (cache.Slabs != slabs) Assert.Equal(0UL, freeSlots);

            ulong address = (ulong)p;
            ulong physical = address - (ulong)ram.Window.Base;
            Assert.True(physical < FrameCount * Frame, "object outside RAM");
            Assert.Equal(0UL, address % 8);
            Assert.True(model.LiveSet.Add(address), "object handed out twice");
            var bytes = new Span<byte>(p, (int)cache.ObjectSize);
            Assert.True(bytes.IndexOfAnyExcept((byte)0) < 0, "object not zeroed");
            byte fill = (byte)random.Next(1, 256);
            bytes.Fill(fill);
            model.Live.Add((address, fill));
            // The window is frame-aligned, so an address's frame is its own rounding down.
            ulong frame = address & ~(Frame - 1);
            model.PerFrame[frame] = model.PerFrame.GetValueOrDefault(frame) + 1;
            model.HighWater = Math.Max(model.HighWater, (ulong)model.Live.Count);
        }

        private static void Free(Model model, Random random)
        {
            int index = random.Next(model.Live.Count);
            (ulong address, byte fill) = model.Live[index];
            // Still what was written: no other object or slab header overlaps it.
            var bytes = new ReadOnlySpan<byte>((void*)address, (int)model.Cache.ObjectSize);
            Assert.True(bytes.IndexOfAnyExcept(fill) < 0, "object overwritten");
            Assert.Equal(ObjectCacheResult.Ok, model.Cache.Free((void*)address));

            model.Live[index] = model.Live[^1];
            model.Live.RemoveAt(model.Live.Count - 1);
            model.LiveSet.Remove(address);
            ulong frame = address & ~(Frame - 1);
            if (--model.PerFrame[frame] == 0) model.PerFrame.Remove(frame);
            model.Freed.Add(address);
            if (model.Freed.Count > 64) model.Freed.RemoveAt(0);
        }

        // A second free, another cache's object, or a pointer inside an object: refused, no change.
        private static void RefuseBadFree(Model model, Model other, Random random)
        {
            ObjectCache cache = model.Cache;
            var before = (cache.ObjectsAllocated, cache.ObjectsFree, cache.HighWater, cache.Slabs);
            switch (random.Next(3))
            {
                case 0 when model.Freed.Count > 0:
                    ulong freed = model.Freed[random.Next(model.Freed.Count)];
                    if (model.LiveSet.Contains(freed)) return;
                    // Its slab may have gone back to the frame allocator, and even to the other cache.
                    ObjectCacheResult result = cache.Free((void*)freed);
                    Assert.True(result is ObjectCacheResult.NotAllocated or ObjectCacheResult.NotInCache, result.ToString());
                    break;
                case 1 when other.Live.Count > 0:
                    Assert.Equal(ObjectCacheResult.NotInCache, cache.Free((void*)other.Live[random.Next(other.Live.Count)].Address));
                    break;
                case 2 when model.Live.Count > 0 && cache.ObjectSize > 8:
                    ulong inside = model.Live[random.Next(model.Live.Count)].Address + 8 * (ulong)random.Next(1, (int)cache.ObjectSize / 8);
                    Assert.Equal(ObjectCacheResult.NotASlot, cache.Free((void*)inside));
                    break;
                default:
                    return;
            }
            Assert.Equal(before, (cache.ObjectsAllocated, cache.ObjectsFree, cache.HighWater, cache.Slabs));
        }

        private static void CheckCounters(Model model)
        {
            ObjectCache cache = model.Cache;
            ulong live = (ulong)model.Live.Count;
            Assert.Equal(live, cache.ObjectsAllocated);
            Assert.Equal(model.HighWater, cache.HighWater);
            Assert.Equal(cache.Slabs * cache.SlotsPerSlab - live, cache.ObjectsFree);
            // The slabs with live objects, and at most one kept empty.
            ulong occupied = (ulong)model.PerFrame.Count;
            Assert.True(cache.Slabs == occupied || cache.Slabs == occupied + 1, $"{cache.Slabs} slabs for {occupied} occupied frames");
        }
    }
}
