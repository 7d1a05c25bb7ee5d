using System.Collections.Generic;
using System.Linq;
using Lunix.Arch.X86.Memory;
using Lunix.Kernel.Memory;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The walk from both ends of a table: every present entry once, whatever the layout, and
    // nothing past the range it is given.
    public unsafe class PresentEntriesTests
    {
        public static TheoryData<int[]> Layouts => new TheoryData<int[]>
        {
            new int[0],
            new[] { 0 },
            new[] { 511 },
            new[] { 0, 511 },
            new[] { 7, 8, 9, 503, 504 },
            new[] { 255, 256 },
            Enumerable.Range(0, 300).ToArray(),
            Enumerable.Range(470, 42).ToArray(),
            Enumerable.Range(0, 512).Where(i => i % 9 == 4).ToArray(),
        };

        [Theory, MemberData(nameof(Layouts))]
        public void EveryPresentEntryComesOnce(int[] layout)
        {
            ulong* table = stackalloc ulong[PageTableEntry.EntriesPerTable];
            for (int i = 0; i < PageTableEntry.EntriesPerTable; i++) table[i] = 0;
            foreach (int i in layout) table[i] = ((ulong)(i + 1) << 12) | PageTableEntry.Present;
            Assert.Equal(layout, Walk(new PresentEntries(table, 0, PageTableEntry.EntriesPerTable, layout.Length)));
            // An upper bound for the count looks at every entry.
            Assert.Equal(layout, Walk(new PresentEntries(table, 0, PageTableEntry.EntriesPerTable, PageTableEntry.EntriesPerTable)));
        }

        [Fact]
        public void AHalfIsWalkedAlone()
        {
            ulong* table = stackalloc ulong[PageTableEntry.EntriesPerTable];
            for (int i = 0; i < PageTableEntry.EntriesPerTable; i++) table[i] = i % 100 == 0 ? PageTableEntry.Present : 0;
            Assert.Equal(new[] { 0, 100, 200 }, Walk(new PresentEntries(table, 0, 256, 256)));
            Assert.Equal(new[] { 300, 400, 500 }, Walk(new PresentEntries(table, 256, 512, 256)));
        }

        private static int[] Walk(PresentEntries present)
        {
            var seen = new List<int>();
            while (present.Next(out int i)) seen.Add(i);
            seen.Sort();
            return seen.ToArray();
        }
    }
}
