using System.Collections.Generic;
using Lunix.Arch.X86.Memory;
using Lunix.Kernel.Memory;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // Reads every table of a machine through the window and checks the invariants the page-table
    // code promises: exact entry counts, no empty table but roots and kernel-half PDPTs, no table
    // shared (but those PDPTs), each table frame with one reference, and every frame's reference
    // count exactly the leaves mapping it plus what the test itself holds.
    internal static unsafe class PageTableAudit
    {
        public readonly record struct Leaf(ulong Address, ulong Size, ulong Physical, PageAttributes Attributes, PageLevel Level);

        private const int KernelHalf = 256;

        // The leaves of a space's user half, in address order.
        public static List<Leaf> UserLeaves(PageTableMachine machine, in AddressSpace space)
        {
            var leaves = new List<Leaf>();
            Visit(machine, space.Root, PageLevel.Pml4, 0, 0, KernelHalf, leaves, new HashSet<ulong>());
            return leaves;
        }

        public sealed record Leaves(List<Leaf> KernelHalf, List<List<Leaf>> UserHalves);

        // Checks the whole machine: the kernel template and spaces, with heldByTest the
        // references the test holds itself (frame -> count). Returns the leaves it found.
        public static Leaves Check(PageTableMachine machine, IReadOnlyList<AddressSpace> spaces, IReadOnlyDictionary<ulong, int> heldByTest)
        {
            var tables = new HashSet<ulong>();
            var kernelLeaves = new List<Leaf>();
            var perSpace = new List<List<Leaf>>();
            Visit(machine, machine.Kernel.Root, PageLevel.Pml4, 0, KernelHalf, 512, kernelLeaves, tables);
            var everyLeaf = new List<Leaf>(kernelLeaves);
            CheckRoot(machine, machine.Kernel, tables);
            ulong* kernelRoot = machine.Window.Table(machine.Kernel.Root);
            foreach (AddressSpace space in spaces)
            {
                ulong* root = machine.Window.Table(space.Root);
                for (int i = KernelHalf; i < 512; i++)
                    if (kernelRoot[i] != root[i]) Assert.Fail($"kernel-half entry {i} differs from the template's");
                var leaves = new List<Leaf>();
                Visit(machine, space.Root, PageLevel.Pml4, 0, 0, KernelHalf, leaves, tables);
                CheckRoot(machine, space, tables);
                everyLeaf.AddRange(leaves);
                perSpace.Add(leaves);
            }
            CheckReferenceCounts(machine, everyLeaf, tables, heldByTest);
            return new Leaves(kernelLeaves, perSpace);
        }

        private static void CheckRoot(PageTableMachine machine, AddressSpace space, HashSet<ulong> tables)
        {
            Assert.True(tables.Add(space.Root), "a root is used twice");
            Assert.Equal((int)PresentEntries(machine, space.Root, 0, 512), machine.Frames.TableEntryCount(space.Root));
        }

        private static void Visit(PageTableMachine machine, ulong table, PageLevel level, ulong base_, int first, int end, List<Leaf> leaves, HashSet<ulong> tables)
        {
            ulong* entries = machine.Window.Table(table);
            for (int i = first; i < end; i++)
            {
                // Most entries are empty: the raw test keeps a debug build's audit fast.
                if ((entries[i] & PageTableEntry.Present) == 0) continue;
                var entry = new PageTableEntry(entries[i], level);
                ulong address = VirtualRange.Canonical(base_ + (ulong)i * PageTableEntry.Coverage(level));
                Assert.False(level == PageLevel.Pml4 && entry.IsHuge, "PS set in a PML4 entry");
                if (entry.IsLeaf)
                {
                    leaves.Add(new Leaf(address, PageTableEntry.Coverage(level), entry.PhysicalAddress, (PageAttributes)entry.Attributes, level));
                    continue;
                }
                ulong child = entry.PhysicalAddress;
                // (Failure messages are built only on failure: this runs for every table at every step.)
                if (child >= machine.RamBytes) Assert.Fail($"table at {child:x} outside RAM");
                if (!tables.Add(child)) Assert.Fail($"table {child:x} linked twice");
                ushort present = PresentEntries(machine, child, 0, 512);
                if (present != machine.Frames.TableEntryCount(child))
                    Assert.Fail($"table {child:x} has {present} entries, counted {machine.Frames.TableEntryCount(child)}");
                bool sharedKernelTable = level == PageLevel.Pml4 && i >= KernelHalf;
                if (present == 0 && !sharedKernelTable) Assert.Fail($"empty table {child:x} at level {level - 1} under {address:x}");
                Visit(machine, child, level - 1, address, 0, 512, leaves, tables);
            }
        }

        private static ushort PresentEntries(PageTableMachine machine, ulong table, int first, int end)
        {
            ulong* entries = machine.Window.Table(table);
            ushort present = 0;
            for (int i = first; i < end; i++) if ((entries[i] & PageTableEntry.Present) != 0) present++;
            return present;
        }

        private static void CheckReferenceCounts(PageTableMachine machine, List<Leaf> leaves, HashSet<ulong> tables, IReadOnlyDictionary<ulong, int> heldByTest)
        {
            ulong frames = machine.RamBytes / PageTableMachine.KiB4;
            var expected = new uint[frames];
            foreach (Leaf leaf in leaves)
            {
                if (leaf.Physical >= machine.RamBytes) continue;
                for (ulong offset = 0; offset < leaf.Size; offset += PageTableMachine.KiB4)
                    if (machine.Frames.IsManaged(leaf.Physical + offset)) expected[(leaf.Physical + offset) / PageTableMachine.KiB4]++;
            }
            foreach (ulong table in tables) expected[table / PageTableMachine.KiB4]++;
            foreach (KeyValuePair<ulong, int> held in heldByTest) expected[held.Key / PageTableMachine.KiB4] += (uint)held.Value;
            ulong free = 0;
            for (ulong frame = 1; frame < frames; frame++)
            {
                uint actual = machine.Frames.ReferenceCount(frame * PageTableMachine.KiB4);
                if (actual != expected[frame])
                    Assert.Fail($"frame {frame * PageTableMachine.KiB4:x}: reference count {actual}, expected {expected[frame]}"
                                + (tables.Contains(frame * PageTableMachine.KiB4) ? " (a table)" : ""));
                if (expected[frame] == 0) free++;
            }
            Assert.Equal(free, machine.Frames.FreeFrames);
        }
    }
}
