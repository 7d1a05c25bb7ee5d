using System;
using System.Collections.Generic;
using System.Linq;
using Lunix.Kernel.Memory;
using Xunit;
using static Lunix.Tests.Hosted.FrameAllocatorLayouts;

namespace Lunix.Tests.Hosted
{
    // Thousands of random operations, valid and invalid, each checked against a reference model:
    // which frames are allocatable RAM, and frame -> reference count for the allocated ones.
    public class FrameAllocatorRandomTests
    {
        private const ulong FrameCount = (4 * GiB + 1 * MiB) / Frame;

        // About a hundred frames in each zone, with holes and reservations, so that zones run dry.
        private static readonly (ulong Start, ulong End)[] Ram =
        {
            (0x90000, 0x9FC00),
            (0x100000, 0x140000),
            (16 * MiB, 16 * MiB + 0x40000),
            (0xBFFC0000, 0xC0000000),
            (4 * GiB, 4 * GiB + 0x80000),
        };

        private static readonly (ulong Start, ulong End)[] Reservations =
        {
            (0x120000, 0x127800),
            (4 * GiB + 0x10000, 4 * GiB + 0x11800),
        };

        private static readonly FrameZone[] Zones = { FrameZone.Below16MiB, FrameZone.Below4GiB, FrameZone.Any };

        private readonly FrameAllocator _allocator = New(FrameCount);
        private readonly HashSet<ulong> _managed = new();
        private readonly SortedSet<ulong> _ramFrames = new();
        private readonly Dictionary<ulong, uint> _references = new();
        private readonly List<ulong> _allocated = new();
        private ulong _lowestFree;
        private Random _random;

        public FrameAllocatorRandomTests()
        {
            foreach (var (start, end) in Ram)
            {
                _allocator.AddFree(start, end);
                for (ulong frame = (start + Frame - 1) / Frame; frame < end / Frame; frame++) _ramFrames.Add(frame);
            }
            _managed.UnionWith(_ramFrames);
            foreach (var (start, end) in Reservations)
            {
                Assert.True(_allocator.Reserve(start, end));
                for (ulong frame = start / Frame; frame < (end + Frame - 1) / Frame; frame++) _managed.Remove(frame);
            }
            _lowestFree = (ulong)_managed.Count;
            Check();
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(4)]
        [InlineData(5)]
        public void RandomOperationsMatchTheModel(int seed)
        {
            _random = new Random(seed);
            for (int step = 0; step < 5000; step++)
            {
                // Phases of mostly allocating and mostly releasing, so that zones run dry and refill.
                bool filling = step / 300 % 2 == 0;
                int roll = _random.Next(100);
                if (roll < (filling ? 35 : 4)) Allocate();
                else if (roll < (filling ? 50 : 6)) AllocateContiguous();
                else if (roll < (filling ? 60 : 10)) AddReference();
                else if (roll < 88) Release();
                else InvalidOperation();
                if (step % 250 == 0) ReserveRandomFrame();
                Check();
            }

            foreach (var (frame, count) in _references.ToArray())
                for (uint i = 0; i < count; i++) Assert.Equal(FrameResult.Ok, _allocator.Release(frame * Frame));
            _references.Clear();
            _allocated.Clear();
            Check();
            Assert.Equal(_allocator.TotalFrames, _allocator.FreeFrames);

            // Every frame is free again: each one is handed out exactly once.
            var frames = new HashSet<ulong>();
            while (_allocator.TryAllocate(FrameZone.Any, out ulong physical)) Assert.True(frames.Add(physical / Frame));
            Assert.True(frames.SetEquals(_managed));
        }

        private static int ZoneIndex(ulong frame) => frame < 16 * MiB / Frame ? 0 : frame < 4 * GiB / Frame ? 1 : 2;

        private bool IsFree(ulong frame) => _managed.Contains(frame) && !_references.ContainsKey(frame);

        private void Allocate()
        {
            FrameZone zone = Zones[_random.Next(Zones.Length)];
            int expectedZone = -1;
            for (int z = (int)zone; z >= 0 && expectedZone < 0; z--)
                if (_managed.Any(frame => ZoneIndex(frame) == z && IsFree(frame))) expectedZone = z;

            bool allocated = _allocator.TryAllocate(zone, out ulong physical);
            Assert.Equal(expectedZone >= 0, allocated);
            if (!allocated) return;
            Assert.Equal(0UL, physical % Frame);
            Assert.True(IsFree(physical / Frame), $"frame {physical:x} handed out while not free");
            Assert.Equal(expectedZone, ZoneIndex(physical / Frame));
            Taken(physical / Frame);
        }

        private void AllocateContiguous()
        {
            FrameZone zone = Zones[_random.Next(Zones.Length)];
            ulong count = (ulong)_random.Next(1, 13);
            ulong alignment = Frame << _random.Next(6);
            ulong? expected = HighestFreeRun(count, alignment / Frame, zone);

            bool allocated = _allocator.TryAllocateContiguous(count, alignment, zone, out ulong physical);
            Assert.Equal(expected.HasValue, allocated);
            if (!allocated) return;
            Assert.Equal(expected.Value * Frame, physical);
            for (ulong frame = expected.Value; frame < expected.Value + count; frame++) Taken(frame);
        }

        // The model's answer, found the slow way: the highest aligned run of free frames in the zone.
        private ulong? HighestFreeRun(ulong count, ulong alignmentFrames, FrameZone zone)
        {
            ulong limit = zone == FrameZone.Below16MiB ? 16 * MiB / Frame : zone == FrameZone.Below4GiB ? 4 * GiB / Frame : FrameCount;
            foreach (ulong start in _ramFrames.Reverse())
            {
                if (start % alignmentFrames != 0 || start + count > limit) continue;
                bool free = true;
                for (ulong frame = start; frame < start + count && free; frame++) free = IsFree(frame);
                if (free) return start;
            }
            return null;
        }

        private void Taken(ulong frame)
        {
            _references.Add(frame, 1);
            _allocated.Add(frame);
            _lowestFree = Math.Min(_lowestFree, (ulong)(_managed.Count - _references.Count));
        }

        private void AddReference()
        {
            if (_allocated.Count == 0) return;
            ulong frame = _allocated[_random.Next(_allocated.Count)];
            Assert.Equal(FrameResult.Ok, _allocator.AddReference(frame * Frame));
            _references[frame]++;
        }

        private void Release()
        {
            if (_allocated.Count == 0) return;
            ulong frame = _allocated[_random.Next(_allocated.Count)];
            Assert.Equal(FrameResult.Ok, _allocator.Release(frame * Frame));
            if (--_references[frame] == 0)
            {
                _references.Remove(frame);
                _allocated.Remove(frame);
            }
        }

        // A release or reference of a frame that cannot take one: each error kind in turn.
        private void InvalidOperation()
        {
            ulong physical;
            FrameResult expected;
            switch (_random.Next(4))
            {
                case 0:
                    ulong[] free = _managed.Where(IsFree).ToArray();
                    if (free.Length == 0) return;
                    physical = free[_random.Next(free.Length)] * Frame;
                    expected = FrameResult.NotAllocated;
                    break;
                case 1:
                    do physical = (ulong)_random.NextInt64((long)FrameCount) * Frame;
                    while (_managed.Contains(physical / Frame));
                    expected = FrameResult.Reserved;
                    break;
                case 2:
                    physical = (FrameCount + (ulong)_random.Next(1000)) * Frame;
                    expected = FrameResult.OutOfRange;
                    break;
                default:
                    physical = (ulong)_random.NextInt64((long)(FrameCount * Frame)) | 1;
                    expected = FrameResult.Misaligned;
                    break;
            }
            FrameResult result = _random.Next(2) == 0 ? _allocator.Release(physical) : _allocator.AddReference(physical);
            Assert.Equal(expected, result);
        }

        // Reserving an allocated frame is refused; reserving a free one takes it out of the pool.
        private void ReserveRandomFrame()
        {
            ulong frame = _ramFrames.ElementAt(_random.Next(_ramFrames.Count));
            bool allocated = _references.ContainsKey(frame);
            Assert.Equal(!allocated, _allocator.Reserve(frame * Frame, frame * Frame + 1));
            if (allocated) return;
            _managed.Remove(frame);
            _lowestFree = Math.Min(_lowestFree, (ulong)(_managed.Count - _references.Count));
        }

        private void Check()
        {
            Assert.Equal((ulong)_managed.Count, _allocator.TotalFrames);
            Assert.Equal((ulong)_references.Count, _allocator.AllocatedFrames);
            Assert.Equal((ulong)(_managed.Count - _references.Count), _allocator.FreeFrames);
            Assert.Equal(_lowestFree, _allocator.LowestFreeFrames);
            foreach (ulong frame in _ramFrames)
            {
                _references.TryGetValue(frame, out uint count);
                Assert.Equal(count, _allocator.ReferenceCount(frame * Frame));
                Assert.Equal(_managed.Contains(frame), _allocator.IsManaged(frame * Frame));
            }
        }
    }
}
