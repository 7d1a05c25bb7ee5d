using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Lunix.Kernel.Memory;
using Xunit;
using static Lunix.Tests.Hosted.FrameAllocatorLayouts;

namespace Lunix.Tests.Hosted
{
    public unsafe class FrameAllocatorTests
    {
        private static ulong ZoneLimit(FrameZone zone)
            => zone == FrameZone.Below16MiB ? 16 * MiB : zone == FrameZone.Below4GiB ? 4 * GiB : ulong.MaxValue;

        private static List<ulong> AllocateAll(FrameAllocator allocator, FrameZone zone)
        {
            var frames = new List<ulong>();
            while (allocator.TryAllocate(zone, out ulong physical)) frames.Add(physical);
            return frames;
        }

        private static void ReleaseAll(FrameAllocator allocator, List<ulong> frames)
        {
            foreach (ulong physical in frames) Assert.Equal(FrameResult.Ok, allocator.Release(physical));
        }

        [Theory]
        [InlineData(0UL)]
        [InlineData(1UL)]
        [InlineData(16384UL)]
        [InlineData(1UL << 32)]
        public void MetadataIsTwelveBytesPerFrame(ulong frameCount)
        {
            Assert.Equal(frameCount * 12, FrameAllocator.MetadataBytes(frameCount));
        }

        [Fact]
        public void FramesFrom16TiBOnAreNotManaged()
        {
            Assert.Equal(12UL << 32, FrameAllocator.MetadataBytes(1UL << 40));
        }

        [Fact]
        public void EveryFrameStartsReserved()
        {
            var allocator = New(1024);
            Assert.False(allocator.TryAllocate(FrameZone.Any, out ulong physical));
            Assert.Equal(0UL, physical);
            Assert.False(allocator.TryAllocateContiguous(1, Frame, FrameZone.Any, out _));
            Assert.False(allocator.IsManaged(0x5000));
            Assert.Equal(FrameResult.Reserved, allocator.Release(0x5000));
            Assert.Equal(0UL, allocator.TotalFrames);
            Assert.Equal(0UL, allocator.FreeFrames);
        }

        [Fact]
        public void AddFreeRoundsInward()
        {
            var allocator = New(1024);
            allocator.AddFree(0x1800, 0x5800);
            Assert.Equal(3UL, allocator.TotalFrames);
            Assert.False(allocator.IsManaged(0x1000));
            Assert.True(allocator.IsManaged(0x2000));
            Assert.True(allocator.IsManaged(0x4000));
            Assert.False(allocator.IsManaged(0x5000));
            // Overlapping map entries add nothing twice.
            allocator.AddFree(0x2000, 0x4000);
            allocator.AddFree(0x5800, 0x1800);
            Assert.Equal(3UL, allocator.TotalFrames);
            Assert.Equal(3UL, allocator.FreeFrames);
        }

        [Fact]
        public void AddFreeIgnoresMemoryBeyondTheFramesManaged()
        {
            var allocator = New(16);
            allocator.AddFree(0, ulong.MaxValue);
            Assert.Equal(16UL, allocator.TotalFrames);
            Assert.Equal(16, AllocateAll(allocator, FrameZone.Any).Count);
        }

        [Fact]
        public void ReserveRoundsOutward()
        {
            var allocator = New(16);
            allocator.AddFree(0, 16 * Frame);
            Assert.True(allocator.Reserve(0x1800, 0x3001));
            Assert.False(allocator.IsManaged(0x1000));
            Assert.False(allocator.IsManaged(0x3000));
            Assert.True(allocator.IsManaged(0x4000));
            Assert.True(allocator.IsManaged(0x0));
            Assert.Equal(13UL, allocator.TotalFrames);
            Assert.Equal(13UL, allocator.FreeFrames);
            // An empty range reserves nothing, even in the middle of a frame.
            Assert.True(allocator.Reserve(0x4800, 0x4800));
            Assert.True(allocator.IsManaged(0x4000));
        }

        [Fact]
        public void ReservedFramesAreNeverHandedOut()
        {
            foreach (bool reserveFirst in new[] { false, true })
            {
                var allocator = Qemu64MiB(reserveFirst);
                Assert.Equal(Qemu64MiBFrames, allocator.TotalFrames);
                var frames = AllocateAll(allocator, FrameZone.Any);
                Assert.Equal(Qemu64MiBFrames, (ulong)frames.Count);
                foreach (ulong physical in frames)
                {
                    Assert.False(IsBootReserved(physical), $"reserved frame {physical:x} handed out");
                    Assert.True(physical < 0x9F000 || (physical >= 0x100000 && physical < 0x3FE0000), $"frame {physical:x} is not RAM");
                }
            }
        }

        [Fact]
        public void ReservingAnAllocatedFrameIsRefusedAndChangesNothing()
        {
            var allocator = New(16);
            allocator.AddFree(0, 16 * Frame);
            Assert.True(allocator.TryAllocateContiguous(1, Frame, FrameZone.Any, out ulong taken));
            Assert.Equal(15 * Frame, taken);
            Assert.False(allocator.Reserve(12 * Frame, 16 * Frame));
            Assert.Equal(16UL, allocator.TotalFrames);
            Assert.Equal(15UL, allocator.FreeFrames);
            Assert.True(allocator.IsManaged(12 * Frame));
            Assert.Equal(1u, allocator.ReferenceCount(taken));
        }

        [Fact]
        public void SixGiBMachineHandsOutEveryFrameOnceFromTheHighestZoneFirst()
        {
            var allocator = Machine6GiB();
            Assert.Equal(Machine6GiBFrames, allocator.TotalFrames);
            var seen = new HashSet<ulong>();
            // Above 4 GiB first, then 16 MiB-4 GiB, then below 16 MiB.
            var zones = new (ulong Frames, ulong Low, ulong High)[]
            {
                (524288, 4 * GiB, 6 * GiB),
                (786144 - (16 * MiB - 0x100000) / Frame, 16 * MiB, 0xBFFE0000),
                (159 + (16 * MiB - 0x100000) / Frame - ReservedFrames, 0, 16 * MiB),
            };
            foreach (var (frames, low, high) in zones)
            {
                for (ulong i = 0; i < frames; i++)
                {
                    Assert.True(allocator.TryAllocate(FrameZone.Any, out ulong physical));
                    Assert.True(seen.Add(physical), $"frame {physical:x} handed out twice");
                    Assert.InRange(physical, low, high - Frame);
                    Assert.False(IsBootReserved(physical));
                }
            }
            Assert.False(allocator.TryAllocate(FrameZone.Any, out _));
            Assert.Equal(0UL, allocator.FreeFrames);
            Assert.Equal(0UL, allocator.LowestFreeFrames);
            ReleaseAll(allocator, new List<ulong>(seen));
            Assert.Equal(Machine6GiBFrames, allocator.FreeFrames);
        }

        [Theory]
        [InlineData(FrameZone.Below16MiB)]
        [InlineData(FrameZone.Below4GiB)]
        public void LowZonesAreHonoured(FrameZone zone)
        {
            var allocator = Machine6GiB();
            var frames = AllocateAll(allocator, zone);
            ulong expected = zone == FrameZone.Below16MiB ? 159 + (16 * MiB - 0x100000) / Frame - ReservedFrames
                                                          : 159 + 786144 - ReservedFrames;
            Assert.Equal(expected, (ulong)frames.Count);
            Assert.All(frames, physical => Assert.True(physical < ZoneLimit(zone)));
            Assert.Equal(Machine6GiBFrames - expected, allocator.FreeFrames);
            // The zone is empty, the machine is not.
            Assert.False(allocator.TryAllocateContiguous(1, Frame, zone, out _));
            Assert.True(allocator.TryAllocate(FrameZone.Any, out ulong high));
            Assert.True(high >= ZoneLimit(zone));
        }

        [Fact]
        public void Below4GiBUsesTheLowestZoneOnceItsOwnIsEmpty()
        {
            var allocator = Machine6GiB();
            ulong middleZoneFrames = 786144 - (16 * MiB - 0x100000) / Frame;
            for (ulong i = 0; i < middleZoneFrames; i++)
            {
                Assert.True(allocator.TryAllocate(FrameZone.Below4GiB, out ulong physical));
                Assert.InRange(physical, 16 * MiB, 4 * GiB - 1);
            }
            Assert.True(allocator.TryAllocate(FrameZone.Below4GiB, out ulong low));
            Assert.True(low < 16 * MiB);
        }

        [Theory]
        [InlineData(1UL, 4096UL, FrameZone.Any)]
        [InlineData(16UL, 65536UL, FrameZone.Below16MiB)]
        [InlineData(512UL, 2UL << 20, FrameZone.Below4GiB)]
        [InlineData(300UL, 256UL << 20, FrameZone.Any)]
        [InlineData(3UL, 8192UL, FrameZone.Below16MiB)]
        public void ContiguousRunsHonourAlignmentAndZone(ulong count, ulong alignment, FrameZone zone)
        {
            var allocator = Machine6GiB();
            var runs = new List<ulong>();
            var taken = new HashSet<ulong>();
            for (int i = 0; i < 8; i++)
            {
                Assert.True(allocator.TryAllocateContiguous(count, alignment, zone, out ulong start));
                Assert.Equal(0UL, start % alignment);
                Assert.True(start + count * Frame <= ZoneLimit(zone));
                for (ulong frame = start; frame < start + count * Frame; frame += Frame)
                {
                    Assert.True(taken.Add(frame), $"frame {frame:x} handed out twice");
                    Assert.Equal(1u, allocator.ReferenceCount(frame));
                }
                runs.Add(start);
            }
            Assert.Equal(Machine6GiBFrames - 8 * count, allocator.FreeFrames);
            // Single frames never come from a run, although the run's frames sit in the free stacks.
            foreach (ulong physical in AllocateAll(allocator, zone))
                Assert.DoesNotContain(physical, taken);
        }

        [Fact]
        public void ContiguousRunsNeverCrossHolesReservationsOrAllocatedFrames()
        {
            var allocator = New(64);
            allocator.AddFree(0, 20 * Frame);
            allocator.AddFree(24 * Frame, 64 * Frame);
            Assert.True(allocator.Reserve(50 * Frame, 51 * Frame));
            Assert.True(allocator.TryAllocateContiguous(1, Frame, FrameZone.Any, out ulong single));
            Assert.Equal(63 * Frame, single);
            // 51..62 is the highest free stretch, but only 12 frames long; 24..49 is 26 long.
            Assert.True(allocator.TryAllocateContiguous(20, Frame, FrameZone.Any, out ulong run));
            Assert.Equal(30 * Frame, run);
            Assert.True(allocator.TryAllocateContiguous(12, Frame, FrameZone.Any, out run));
            Assert.Equal(51 * Frame, run);
            // 0..19 and 24..29 remain: no 21-frame run without the hole.
            Assert.False(allocator.TryAllocateContiguous(21, Frame, FrameZone.Any, out _));
            Assert.True(allocator.TryAllocateContiguous(20, Frame, FrameZone.Any, out run));
            Assert.Equal(0UL, run);
            Assert.Equal(6UL, allocator.FreeFrames);
        }

        [Theory]
        [InlineData(0UL, 4096UL)]
        [InlineData(1UL, 0UL)]
        [InlineData(1UL, 2048UL)]
        [InlineData(1UL, 12288UL)]
        [InlineData(65UL, 4096UL)]
        [InlineData(ulong.MaxValue, 4096UL)]
        public void ImpossibleContiguousRequestsFail(ulong count, ulong alignment)
        {
            var allocator = New(64);
            allocator.AddFree(0, 64 * Frame);
            Assert.False(allocator.TryAllocateContiguous(count, alignment, FrameZone.Any, out ulong physical));
            Assert.Equal(0UL, physical);
            Assert.Equal(64UL, allocator.FreeFrames);
        }

        [Fact]
        public void ReleasedRunFramesAreHandedOutOnceEach()
        {
            var allocator = New(64);
            allocator.AddFree(0, 64 * Frame);
            // Twice round: the second time the run's frames are stale entries that became valid again.
            for (int round = 0; round < 2; round++)
            {
                Assert.True(allocator.TryAllocateContiguous(64, Frame, FrameZone.Any, out ulong run));
                for (ulong frame = 0; frame < 64; frame++) Assert.Equal(FrameResult.Ok, allocator.Release(run + frame * Frame));
                var frames = AllocateAll(allocator, FrameZone.Any);
                Assert.Equal(64, frames.Count);
                Assert.Equal(64, new HashSet<ulong>(frames).Count);
                ReleaseAll(allocator, frames);
            }
            Assert.Equal(64UL, allocator.FreeFrames);
        }

        [Fact]
        public void ErrorsAreReportedAndChangeNothing()
        {
            var allocator = Qemu64MiB();
            Assert.True(allocator.TryAllocate(FrameZone.Any, out ulong allocated));
            Assert.True(allocator.TryAllocate(FrameZone.Any, out ulong freed));
            Assert.Equal(FrameResult.Ok, allocator.Release(freed));
            ulong free = allocator.FreeFrames;
            var cases = new (ulong Physical, FrameResult Expected)[]
            {
                (freed, FrameResult.NotAllocated),          // double free
                (0x100000, FrameResult.NotAllocated),       // never allocated
                (0x200000, FrameResult.Reserved),           // the kernel image
                (0xA0000, FrameResult.Reserved),            // the VGA hole
                (0x3FF0000, FrameResult.Reserved),          // ACPI tables
                (64 * MiB, FrameResult.OutOfRange),
                (ulong.MaxValue & ~(Frame - 1), FrameResult.OutOfRange),
                (freed + 8, FrameResult.Misaligned),
                (ulong.MaxValue, FrameResult.Misaligned),
            };
            foreach (var (physical, expected) in cases)
            {
                Assert.Equal(expected, allocator.Release(physical));
                Assert.Equal(expected, allocator.AddReference(physical));
                Assert.Equal(free, allocator.FreeFrames);
                Assert.Equal(1u, allocator.ReferenceCount(allocated));
                Assert.Equal(0u, allocator.ReferenceCount(physical));
            }
            Assert.Equal(Qemu64MiBFrames, allocator.TotalFrames);
            Assert.Equal(1UL, allocator.AllocatedFrames);
            Assert.Equal(Qemu64MiBFrames - 1, (ulong)AllocateAll(allocator, FrameZone.Any).Count);
        }

        [Fact]
        public void ReferenceCountsAreExact()
        {
            var allocator = Qemu64MiB();
            Assert.True(allocator.TryAllocate(FrameZone.Any, out ulong physical));
            Assert.Equal(1u, allocator.ReferenceCount(physical));
            for (uint count = 2; count <= 5; count++)
            {
                Assert.Equal(FrameResult.Ok, allocator.AddReference(physical));
                Assert.Equal(count, allocator.ReferenceCount(physical));
            }
            for (uint count = 4; count >= 1; count--)
            {
                Assert.Equal(FrameResult.Ok, allocator.Release(physical));
                Assert.Equal(count, allocator.ReferenceCount(physical));
                Assert.Equal(1UL, allocator.AllocatedFrames);
            }
            Assert.Equal(FrameResult.Ok, allocator.Release(physical));
            Assert.Equal(0u, allocator.ReferenceCount(physical));
            Assert.Equal(0UL, allocator.AllocatedFrames);
            Assert.Equal(FrameResult.NotAllocated, allocator.Release(physical));
        }

        [Fact]
        public void ReferenceCountStopsAtItsMaximum()
        {
            var allocator = New(16, out byte[] metadata);
            allocator.AddFree(0, 16 * Frame);
            Assert.True(allocator.TryAllocate(FrameZone.Any, out ulong physical));
            // Four billion AddReference calls would take a while: start one below the maximum.
            fixed (byte* bytes = metadata)
                ((FrameInfo*)bytes)[physical / Frame].References = FrameInfo.MaxReferences - 1;
            Assert.Equal(FrameResult.Ok, allocator.AddReference(physical));
            Assert.Equal(FrameInfo.MaxReferences, allocator.ReferenceCount(physical));
            Assert.Equal(FrameResult.CountOverflow, allocator.AddReference(physical));
            Assert.Equal(FrameInfo.MaxReferences, allocator.ReferenceCount(physical));
            Assert.Equal(FrameResult.Ok, allocator.Release(physical));
            Assert.Equal(FrameInfo.MaxReferences - 1, allocator.ReferenceCount(physical));
        }

        [Fact]
        public void TableEntryCountBelongsToTheAllocatedFrameAndStartsAtZero()
        {
            var allocator = New(16);
            allocator.AddFree(0, 2 * Frame);
            Assert.True(allocator.TryAllocate(FrameZone.Any, out ulong table));
            Assert.True(allocator.TryAllocate(FrameZone.Any, out ulong other));
            Assert.Equal(0, allocator.TableEntryCount(table));
            allocator.TableEntryCount(table) = 511;
            allocator.TableEntryCount(table)++;
            Assert.Equal(512, allocator.TableEntryCount(table));
            Assert.Equal(0, allocator.TableEntryCount(other));
            Assert.Equal(FrameResult.Ok, allocator.Release(table));
            Assert.True(Unsafe.IsNullRef(ref allocator.TableEntryCount(table)));
            Assert.True(Unsafe.IsNullRef(ref allocator.TableEntryCount(5 * Frame)));
            Assert.True(Unsafe.IsNullRef(ref allocator.TableEntryCount(16 * Frame)));
            Assert.True(allocator.TryAllocate(FrameZone.Any, out ulong again));
            Assert.Equal(table, again);
            Assert.Equal(0, allocator.TableEntryCount(again));
        }

        [Fact]
        public void StatisticsAreExact()
        {
            var allocator = Qemu64MiB();
            ulong total = Qemu64MiBFrames;
            Assert.Equal(total, allocator.TotalFrames);
            Assert.Equal(total, allocator.FreeFrames);
            Assert.Equal(0UL, allocator.AllocatedFrames);
            Assert.Equal(total, allocator.LowestFreeFrames);

            var frames = new List<ulong>();
            for (int i = 0; i < 100; i++)
            {
                Assert.True(allocator.TryAllocate(FrameZone.Below16MiB, out ulong physical));
                frames.Add(physical);
            }
            Assert.True(allocator.TryAllocateContiguous(32, 128 * 1024, FrameZone.Any, out ulong run));
            Assert.Equal(FrameResult.Ok, allocator.AddReference(frames[0]));
            Assert.Equal(132UL, allocator.AllocatedFrames);
            Assert.Equal(total - 132, allocator.FreeFrames);
            Assert.Equal(total - 132, allocator.LowestFreeFrames);

            ReleaseAll(allocator, frames);
            for (ulong frame = 0; frame < 32; frame++) Assert.Equal(FrameResult.Ok, allocator.Release(run + frame * Frame));
            Assert.Equal(1UL, allocator.AllocatedFrames);
            Assert.Equal(FrameResult.Ok, allocator.Release(frames[0]));
            Assert.Equal(total, allocator.FreeFrames);
            Assert.Equal(total, allocator.TotalFrames);
            Assert.Equal(total - 132, allocator.LowestFreeFrames);

            // New memory raises the low-water mark by as much; reserving free frames lowers it.
            allocator.AddFree(0x3FE0000, 0x3FF0000);
            Assert.Equal(total + 16, allocator.TotalFrames);
            Assert.Equal(total + 16 - 132, allocator.LowestFreeFrames);
            Assert.True(allocator.Reserve(0x100000, 0x200000));
            Assert.Equal(total + 16 - 256, allocator.FreeFrames);
            Assert.Equal(total + 16 - 256, allocator.LowestFreeFrames);
        }

        [Fact]
        public void QueriesTakeAnyAddressWithinAFrame()
        {
            var allocator = Qemu64MiB();
            Assert.True(allocator.TryAllocate(FrameZone.Any, out ulong physical));
            Assert.True(allocator.IsManaged(physical + 0xFFF));
            Assert.Equal(1u, allocator.ReferenceCount(physical + 0x123));
            Assert.False(allocator.IsManaged(0x200123));
            Assert.False(allocator.IsManaged(ulong.MaxValue));
            Assert.Equal(0u, allocator.ReferenceCount(ulong.MaxValue));
        }

        [Fact]
        public void UnknownZonesGetNothing()
        {
            var allocator = Qemu64MiB();
            Assert.False(allocator.TryAllocate((FrameZone)3, out _));
            Assert.False(allocator.TryAllocate((FrameZone)(-1), out _));
            Assert.False(allocator.TryAllocateContiguous(1, Frame, (FrameZone)7, out _));
            Assert.Equal(Qemu64MiBFrames, allocator.FreeFrames);
        }
    }
}
