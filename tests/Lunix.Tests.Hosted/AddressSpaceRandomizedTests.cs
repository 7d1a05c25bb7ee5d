using System;
using System.Collections.Generic;
using System.Linq;
using Lunix.Kernel.Memory;
using Xunit;
using static Lunix.Tests.Hosted.PageTableMachine;

namespace Lunix.Tests.Hosted
{
    public class AddressSpaceRandomizedTests
    {
        // Small RAM makes running out of frames common, so the error paths get exercised too.
        [Theory]
        [InlineData(1, 64, 2000)]
        [InlineData(2, 64, 2000)]
        [InlineData(3, 16, 2000)]
        [InlineData(4, 6, 2000)]
        public void RandomOperationsMatchTheModelAfterEveryStep(int seed, int ramMiB, int steps)
        {
            new RandomPagingRun(seed, (ulong)ramMiB << 20).Run(steps);
        }
    }

    // Thousands of random map (given RAM, device memory, anonymous; 4 KiB to 1 GiB pages),
    // unmap, protect, duplicate, destroy, copy-on-write faults, switches and TLB fills, each
    // checked against AddressSpaceModel: the mappings, every reference count, the table
    // invariants (PageTableAudit) and the simulated TLB. At the end everything is freed and
    // every frame must be back.
    internal sealed class RandomPagingRun
    {
        private const int MaxSpaces = 5;
        private const ulong UserArena = GiB1, UserArenaEnd = 6 * GiB1;
        private const ulong TopArena = 0x0000_8000_0000_0000 - 2 * GiB1, TopArenaEnd = 0x0000_8000_0000_0000;
        private const ulong KernelArenaEnd = KernelArena + 4 * GiB1;
        private const ulong MaxAnonymous = MiB2 + 8 * KiB4, MaxGivenRam = MiB2 + 8 * KiB4;

        private readonly Random _random;
        private readonly PageTableMachine _machine;
        private readonly List<AddressSpace> _spaces = new List<AddressSpace>();
        private readonly List<AddressSpaceModel> _models = new List<AddressSpaceModel>();
        private readonly AddressSpaceModel _kernelModel = new AddressSpaceModel();
        // The references the test itself holds, and the blocks of RAM they are on.
        private readonly Dictionary<ulong, int> _held = new Dictionary<ulong, int>();
        private readonly List<(ulong Physical, ulong Bytes)> _owned = new List<(ulong, ulong)>();
        private int _active = -1;   // index into _spaces, -1 for the kernel space
        private int _step;
        private string _operation = "";

        public RandomPagingRun(int seed, ulong ramBytes)
        {
            _random = new Random(seed);
            _machine = new PageTableMachine(ramBytes);
        }

        public void Run(int steps)
        {
            for (int i = 0; i < 2; i++) _spaces.Add(_machine.NewSpace());
            _models.Add(new AddressSpaceModel());
            _models.Add(new AddressSpaceModel());
            for (_step = 0; _step < steps; _step++)
            {
                int dice = _random.Next(100);
                if (dice < 20) Map();
                else if (dice < 40) Unmap();
                else if (dice < 50) Protect();
                else if (dice < 55) Duplicate();
                else if (dice < 58) Destroy();
                else if (dice < 60) Create();
                else if (dice < 72) ResolveCopyOnWrite();
                else if (dice < 76) Activate();
                else if (dice < 88) Touch();
                else if (dice < 95) Write();
                else DropOwned();
                Verify();
            }
            TearDown();
        }

        private void TearDown()
        {
            _operation = "tear down";
            _machine.Kernel.Activate();
            _active = -1;
            foreach (AddressSpace space in _spaces) Assert.Equal(PagingResult.Ok, space.Destroy());
            _spaces.Clear();
            _models.Clear();
            Assert.Equal(PagingResult.Ok, _machine.Kernel.Unmap(KernelArena, KernelArenaEnd - KernelArena));
            _kernelModel.Remove(KernelArena, KernelArenaEnd);
            while (_owned.Count > 0) Disown(0);
            Verify();
            Assert.Equal(_machine.FreeAtStart, _machine.Frames.FreeFrames);
        }

        // ---- operations ----

        private void Map()
        {
            int index = PickSpace(out AddressSpace space, out AddressSpaceModel model, out bool kernel);
            (ulong start, ulong length) = PickRange(kernel);
            PageAttributes attributes = RandomAttributes(kernel);
            int kind = _random.Next(3);
            PagingResult expected = model.Overlaps(start, start + length) ? PagingResult.Overlap : PagingResult.Ok;
            PagingResult result;
            if (kind == 0)
            {
                length = Math.Min(length, MaxGivenRam);
                expected = model.Overlaps(start, start + length) ? PagingResult.Overlap : PagingResult.Ok;
                if (!TryPickOwned(start, length, out ulong physical)) return;
                _operation = $"map space {index} {start:x}+{length:x} -> RAM {physical:x} {attributes}";
                result = space.Map(start, physical, length, attributes);
                Expect(expected, result);
                if (result == PagingResult.Ok) model.Add(new AddressSpaceModel.Run(start, start + length, physical, attributes));
                if (_random.Next(2) == 0) Disown(_owned.FindIndex(block => block.Physical == physical));
            }
            else if (kind == 1)
            {
                ulong unit = length >= GiB1 ? GiB1 : length >= MiB2 ? MiB2 : KiB4;
                ulong physical = DeviceMemory + (ulong)_random.Next(64) * unit + (_random.Next(4) == 0 ? KiB4 : 0);
                // Misaligned, a gigabyte would be 262,144 small pages to check after every step.
                if (((start | physical) & (MiB2 - 1)) != 0) length = Math.Min(length, 2 * MiB2);
                expected = model.Overlaps(start, start + length) ? PagingResult.Overlap : PagingResult.Ok;
                _operation = $"map space {index} {start:x}+{length:x} -> device {physical:x} {attributes}";
                result = space.Map(start, physical, length, attributes);
                Expect(expected, result);
                if (result == PagingResult.Ok) model.Add(new AddressSpaceModel.Run(start, start + length, physical, attributes));
            }
            else
            {
                length = Math.Min(length, MaxAnonymous);
                expected = model.Overlaps(start, start + length) ? PagingResult.Overlap : PagingResult.Ok;
                _operation = $"map anonymous space {index} {start:x}+{length:x} {attributes}";
                result = space.MapAnonymous(start, length, attributes);
                Expect(expected, result);
                if (result == PagingResult.Ok) AddAnonymous(space, model, start, length, attributes);
            }
        }

        // The frames an anonymous map chose: fresh (nobody else refers to them) and zeroed.
        private void AddAnonymous(AddressSpace space, AddressSpaceModel model, ulong start, ulong length, PageAttributes attributes)
        {
            for (ulong cursor = start; cursor < start + length;)
            {
                Assert.True(space.Query(cursor, out PageMapping mapping), $"{_operation}: {cursor:x} not mapped");
                Assert.Equal(cursor, mapping.PageAddress);
                Assert.True(ExpectedReferences(mapping.PhysicalAddress) == 0, $"{_operation}: frame {mapping.PhysicalAddress:x} was in use");
                for (ulong offset = 0; offset < mapping.PageSize; offset += KiB4 * 97)
                    Assert.Equal(0UL, _machine.ReadRam(mapping.PhysicalAddress + offset));
                model.Add(new AddressSpaceModel.Run(cursor, cursor + mapping.PageSize, mapping.PhysicalAddress, attributes));
                cursor += mapping.PageSize;
            }
        }

        private void Unmap()
        {
            int index = PickSpace(out AddressSpace space, out AddressSpaceModel model, out bool kernel);
            (ulong start, ulong length) = _random.Next(2) == 0 && TryPickInsideRun(model, out ulong s, out ulong l) ? (s, l) : PickRange(kernel);
            _operation = $"unmap space {index} {start:x}+{length:x}";
            PagingResult result = space.Unmap(start, length);
            Expect(PagingResult.Ok, result);
            if (result == PagingResult.Ok) model.Remove(start, start + length);
        }

        private void Protect()
        {
            int index = PickSpace(out AddressSpace space, out AddressSpaceModel model, out bool kernel);
            (ulong start, ulong length) = _random.Next(3) != 0 && TryPickInsideRun(model, out ulong s, out ulong l) ? (s, l) : PickRange(kernel);
            PageAttributes attributes = RandomAttributes(kernel);
            _operation = $"protect space {index} {start:x}+{length:x} {attributes}";
            PagingResult result = space.Protect(start, length, attributes);
            Expect(model.Covers(start, start + length) ? PagingResult.Ok : PagingResult.NotMapped, result);
            if (result == PagingResult.Ok) model.SetAttributes(start, start + length, attributes);
        }

        private void Duplicate()
        {
            if (_spaces.Count == 0 || _spaces.Count >= MaxSpaces) return;
            int index = _random.Next(_spaces.Count);
            _operation = $"duplicate space {index}";
            PagingResult result = _spaces[index].Duplicate(out AddressSpace child);
            Expect(PagingResult.Ok, result);
            if (result != PagingResult.Ok) return;
            _models[index].MarkCopyOnWrite(_machine.RamBytes);
            _spaces.Add(child);
            _models.Add(_models[index].Clone());
        }

        private void Create()
        {
            if (_spaces.Count >= MaxSpaces) return;
            _operation = "create";
            PagingResult result = AddressSpace.Create(in _machine.Kernel, out AddressSpace space);
            Expect(PagingResult.Ok, result);
            if (result != PagingResult.Ok) return;
            _spaces.Add(space);
            _models.Add(new AddressSpaceModel());
        }

        private void Destroy()
        {
            if (_spaces.Count == 0) return;
            int index = _random.Next(_spaces.Count);
            _operation = $"destroy space {index}";
            PagingResult result = _spaces[index].Destroy();
            if (index == _active)
            {
                Assert.Equal(PagingResult.Active, result);
                return;
            }
            Assert.Equal(PagingResult.Ok, result);
            _spaces.RemoveAt(index);
            _models.RemoveAt(index);
            if (_active > index) _active--;
        }

        private void ResolveCopyOnWrite()
        {
            if (_spaces.Count == 0) return;
            int index = _random.Next(_spaces.Count);
            AddressSpace space = _spaces[index];
            AddressSpaceModel model = _models[index];
            ulong address;
            var candidates = new List<AddressSpaceModel.Run>();
            foreach (AddressSpaceModel.Run run in model.Runs)
                if ((run.Attributes & PageAttributes.CopyOnWrite) != 0) candidates.Add(run);
            if (candidates.Count > 0 && _random.Next(5) != 0)
            {
                AddressSpaceModel.Run run = candidates[_random.Next(candidates.Count)];
                address = run.Start + RandomBelow((run.End - run.Start) / KiB4) * KiB4 + (ulong)_random.Next(4096);
            }
            else address = PickRange(false).Start;
            ulong page = address & ~(KiB4 - 1);
            AddressSpaceModel.Run? found = model.Find(page);
            _operation = $"resolve copy-on-write space {index} {address:x}";
            if (found is not AddressSpaceModel.Run hit || (hit.Attributes & PageAttributes.CopyOnWrite) == 0 || hit.Physical >= _machine.RamBytes)
            {
                Assert.Equal(PagingResult.NotCopyOnWrite, space.ResolveCopyOnWrite(address));
                return;
            }
            ulong frame = hit.Physical + (page - hit.Start);
            bool sole = ExpectedReferences(frame) == 1;
            ulong content = _machine.ReadRam(frame + 8);
            PagingResult result = space.ResolveCopyOnWrite(address);
            Expect(PagingResult.Ok, result);
            if (result != PagingResult.Ok) return;
            PageMapping now = _machine.Query(space, address);
            if (sole) Assert.True(frame == now.PhysicalAddress, $"{_operation}: sole holder got a copy");
            else
            {
                Assert.True(frame != now.PhysicalAddress, $"{_operation}: shared frame made writable");
                Assert.Equal(content, _machine.ReadRam(now.PhysicalAddress + 8));
            }
            PageAttributes writable = (hit.Attributes & ~PageAttributes.CopyOnWrite) | PageAttributes.Writable;
            model.Remove(page, page + KiB4);
            model.Add(new AddressSpaceModel.Run(page, page + KiB4, now.PhysicalAddress, writable));
        }

        private void Activate()
        {
            _active = _random.Next(_spaces.Count + 1) - 1;
            _operation = $"activate {_active}";
            ActiveSpace().Activate();
        }

        // The CPU uses pages of the active space, filling the simulated TLB.
        private void Touch()
        {
            AddressSpaceModel model = _active < 0 || _random.Next(4) == 0 ? _kernelModel : _models[_active];
            if (model.Runs.Count == 0) return;
            for (int i = 0; i < 4; i++)
            {
                AddressSpaceModel.Run run = model.Runs[_random.Next(model.Runs.Count)];
                _machine.Tlb.Touch(ActiveSpace(), run.Start + RandomBelow((run.End - run.Start) / KiB4) * KiB4);
            }
        }

        // A store into a mapped writable frame of RAM, so zeroing and copies have something to show.
        private void Write()
        {
            if (_spaces.Count == 0) return;
            AddressSpaceModel model = _models[_random.Next(_spaces.Count)];
            foreach (AddressSpaceModel.Run run in model.Runs)
            {
                if ((run.Attributes & PageAttributes.Writable) == 0 || run.Physical >= _machine.RamBytes) continue;
                ulong offset = RandomBelow((run.End - run.Start) / KiB4) * KiB4;
                _machine.WriteRam(run.Physical + offset + 8, (ulong)_random.NextInt64());
                return;
            }
        }

        private void DropOwned()
        {
            if (_owned.Count > 0) Disown(_random.Next(_owned.Count));
        }

        // ---- checks ----

        // Running out of frames may come first, or instead of an overlap found further on: both
        // leave everything as it was, which Verify checks.
        private void Expect(PagingResult expected, PagingResult actual)
        {
            bool allowed = actual == expected
                           || (actual == PagingResult.OutOfFrames && (expected == PagingResult.Ok || expected == PagingResult.Overlap));
            Assert.True(allowed, $"step {_step}: {_operation}: expected {expected}, got {actual}");
        }

        private void Verify()
        {
            PageTableAudit.Leaves leaves;
            try
            {
                leaves = PageTableAudit.Check(_machine, _spaces, _held);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"step {_step}: after {_operation}: {e.Message}");
            }
            for (int i = 0; i < _spaces.Count; i++) Compare($"space {i}", _models[i], leaves.UserHalves[i]);
            Compare("kernel half", _kernelModel, leaves.KernelHalf);
            try
            {
                _machine.Tlb.AssertCoherent(ActiveSpace());
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"step {_step}: after {_operation}: {e.Message}");
            }
        }

        private void Compare(string name, AddressSpaceModel model, List<PageTableAudit.Leaf> leaves)
        {
            List<AddressSpaceModel.Run> expected = AddressSpaceModel.Normalize(model.Runs);
            List<AddressSpaceModel.Run> actual = AddressSpaceModel.Normalize(
                leaves.ConvertAll(leaf => new AddressSpaceModel.Run(leaf.Address, leaf.Address + leaf.Size, leaf.Physical, leaf.Attributes)));
            if (expected.Count == actual.Count && expected.SequenceEqual(actual)) return;
            throw new Xunit.Sdk.XunitException($"step {_step}: after {_operation}: {name} differs from the model\n"
                + $"  model:  {string.Join(", ", expected.ConvertAll(Describe))}\n  tables: {string.Join(", ", actual.ConvertAll(Describe))}");
        }

        private static string Describe(AddressSpaceModel.Run run) => $"{run.Start:x}-{run.End:x}->{run.Physical:x} {run.Attributes}";

        // How many references a frame should have: pages mapping it in every model, plus the test's own.
        private int ExpectedReferences(ulong frame)
        {
            int count = _held.TryGetValue(frame, out int held) ? held : 0;
            foreach (AddressSpaceModel model in _models) count += Mapping(model, frame);
            return count + Mapping(_kernelModel, frame);
        }

        private static int Mapping(AddressSpaceModel model, ulong frame)
        {
            int count = 0;
            foreach (AddressSpaceModel.Run run in model.Runs)
                if (frame >= run.Physical && frame - run.Physical < run.End - run.Start) count++;
            return count;
        }

        // ---- choices ----

        private AddressSpace ActiveSpace() => _active < 0 ? _machine.Kernel : _spaces[_active];

        // A user space most of the time; else the kernel half, through any space (it is shared).
        private int PickSpace(out AddressSpace space, out AddressSpaceModel model, out bool kernel)
        {
            kernel = _spaces.Count == 0 || _random.Next(6) == 0;
            int index = kernel ? _random.Next(_spaces.Count + 1) - 1 : _random.Next(_spaces.Count);
            space = index < 0 ? _machine.Kernel : _spaces[index];
            model = kernel ? _kernelModel : _models[index];
            return index;
        }

        // A page-aligned range in one of the arenas, in units of 4 KiB, 2 MiB or 1 GiB, sometimes
        // shifted or lengthened by a few pages so that huge pages straddle its ends.
        private (ulong Start, ulong Length) PickRange(bool kernel)
        {
            (ulong arena, ulong end) = kernel ? (KernelArena, KernelArenaEnd) : _random.Next(4) == 0 ? (TopArena, TopArenaEnd) : (UserArena, UserArenaEnd);
            int dice = _random.Next(10);
            ulong unit = dice < 6 ? KiB4 : dice < 9 ? MiB2 : GiB1;
            ulong start = arena + RandomBelow((end - arena) / unit) * unit;
            if (_random.Next(4) == 0) start += (ulong)_random.Next(1, 512) * KiB4;
            ulong length = (ulong)_random.Next(1, unit == KiB4 ? 17 : 3) * unit;
            if (_random.Next(5) == 0) length += (ulong)_random.Next(1, 9) * KiB4;
            if (start >= end) start = end - KiB4;
            return (start, Math.Min(length, end - start));
        }

        // A range inside a mapped run (so often inside a huge page).
        private bool TryPickInsideRun(AddressSpaceModel model, out ulong start, out ulong length)
        {
            start = length = 0;
            if (model.Runs.Count == 0) return false;
            AddressSpaceModel.Run run = model.Runs[_random.Next(model.Runs.Count)];
            ulong pages = (run.End - run.Start) / KiB4;
            ulong first = RandomBelow(pages);
            start = run.Start + first * KiB4;
            length = (1 + RandomBelow(Math.Min(pages - first, 600))) * KiB4;
            return true;
        }

        // RAM to map: a block the test holds already (mapping it again aliases it), or a new one,
        // 2 MiB-aligned when start is, so that huge pages of RAM happen.
        private bool TryPickOwned(ulong start, ulong length, out ulong physical)
        {
            int index = _owned.FindIndex(block => block.Bytes >= length);
            if (index >= 0 && _random.Next(3) == 0)
            {
                physical = _owned[index].Physical;
                return true;
            }
            ulong alignment = (start & (MiB2 - 1)) == 0 && _random.Next(3) != 0 ? MiB2 : KiB4;
            if (!_machine.Frames.TryAllocateContiguous(length / KiB4, alignment, FrameZone.Any, out physical)) return false;
            _owned.Add((physical, length));
            for (ulong offset = 0; offset < length; offset += KiB4) _held[physical + offset] = 1;
            return true;
        }

        private void Disown(int index)
        {
            (ulong physical, ulong bytes) = _owned[index];
            _owned.RemoveAt(index);
            _machine.Disown(physical, bytes);
            for (ulong offset = 0; offset < bytes; offset += KiB4) _held.Remove(physical + offset);
        }

        private PageAttributes RandomAttributes(bool kernel)
        {
            PageAttributes attributes = PageAttributes.None;
            if (_random.Next(10) < 6) attributes |= PageAttributes.Writable;
            if (!kernel && _random.Next(5) != 0) attributes |= PageAttributes.User;
            if (_random.Next(2) == 0) attributes |= PageAttributes.NoExecute;
            if (_random.Next(10) == 0) attributes |= PageAttributes.CacheDisable;
            if (_random.Next(10) == 0) attributes |= PageAttributes.WriteCombining;
            if (kernel && _random.Next(2) == 0) attributes |= PageAttributes.Global;
            if (!kernel && (attributes & PageAttributes.Writable) == 0 && _random.Next(4) == 0) attributes |= PageAttributes.CopyOnWrite;
            return attributes;
        }

        private ulong RandomBelow(ulong bound) => (ulong)_random.NextInt64((long)bound);
    }
}
