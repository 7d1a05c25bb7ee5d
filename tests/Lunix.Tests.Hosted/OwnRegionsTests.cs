using Lunix.SystemLibrary;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // OwnRegions (Libs/SystemLibrary/OwnRegions.cs): the ranges a server mapped, less what it
    // unmapped, which a live update shares with the new version. One test: the table is static.
    public class OwnRegionsTests
    {
        private const ulong Page = 4096;

        [Fact]
        public void Unmapping_drops_trims_and_splits_the_recorded_ranges()
        {
            Clear();
            Assert.True(OwnRegions.Add(100 * Page, 10 * Page));
            Assert.True(OwnRegions.Add(200 * Page, 4 * Page));
            OwnRegions.Remove(103 * Page, 2 * Page);                   // splits the first
            OwnRegions.Remove(200 * Page, Page);                       // trims the second's start
            OwnRegions.Remove(109 * Page, 20 * Page);                  // trims the upper part's end
            Assert.Equal(new[] { (100 * Page, 3 * Page), (105 * Page, 4 * Page), (201 * Page, 3 * Page) }, Ranges());
            OwnRegions.Remove(0, 300 * Page);                          // drops them all
            Assert.Empty(Ranges());

            for (int i = 0; i < OwnRegions.Capacity; i++) Assert.True(OwnRegions.Add((ulong)(2 * i) * Page, Page));
            Assert.False(OwnRegions.Add(1000 * Page, Page));           // full: Map gives the memory back
            Clear();
        }

        private static (ulong, ulong)[] Ranges()
        {
            var ranges = new (ulong, ulong)[OwnRegions.Count];
            for (int i = 0; i < ranges.Length; i++) ranges[i] = (OwnRegions.StartOf(i), OwnRegions.LengthOf(i));
            System.Array.Sort(ranges);
            return ranges;
        }

        private static void Clear() => OwnRegions.Remove(0, ulong.MaxValue / 2);
    }
}
