using System;
using System.Collections.Generic;
using System.Linq;
using Lunix.Abi;
using Lunix.Kernel.Ipc;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // The bitmaps over every slot of the table: send-to sets and pending sets. Randomized against
    // a set, with the words' edges and the table's last slot drawn often.
    public class SlotBitmapTests
    {
        [Fact]
        public void The_bitmap_covers_the_whole_table_and_the_table_stays_clear_of_the_special_endpoints()
        {
            Assert.Equal(Endpoint.Slots, SlotBitmap.Capacity);
            Assert.Equal(Endpoint.Slots, IpcEngine.MaxSlots);
            Assert.True(Endpoint.Slots >= 1024);
            Assert.Equal(0, Endpoint.Slots % 64);
            Assert.True(Endpoint.Slots <= 64 * 64);              // one summary word
            foreach (int special in new[] { Endpoint.Any, Endpoint.None, Endpoint.Self })
                Assert.True(Endpoint.SlotOf(special) >= Endpoint.Slots);
        }

        private static int Pick(Random random) => random.Next(4) switch
        {
            0 => random.Next(Endpoint.Slots / 64) * 64,                  // a word's first bit
            1 => random.Next(Endpoint.Slots / 64) * 64 + 63,             // its last
            2 => Endpoint.Slots - 1,
            _ => random.Next(Endpoint.Slots),
        };

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(3)]
        public void Random_adds_and_removes_agree_with_a_set(int seed)
        {
            var random = new Random(seed);
            SlotBitmap bitmap = default;
            var model = new SortedSet<int>();
            for (int step = 0; step < 20000; step++)
            {
                int slot = Pick(random);
                switch (random.Next(10))
                {
                    case 0: bitmap.Clear(); model.Clear(); break;
                    case 1 when random.Next(20) == 0: bitmap.AddAll(); model.UnionWith(Enumerable.Range(0, Endpoint.Slots)); break;
                    case 2: case 3: case 4: bitmap.Remove(slot); model.Remove(slot); break;
                    default: bitmap.Add(slot); model.Add(slot); break;
                }
                Assert.Equal(model.Count == 0, bitmap.IsEmpty);
                Assert.Equal(model.Contains(slot), bitmap.Contains(slot));
                int from = random.Next(Endpoint.Slots + 2);
                int expected = model.GetViewBetween(Math.Min(from, Endpoint.Slots), Endpoint.Slots).DefaultIfEmpty(-1).First();
                Assert.Equal(expected, bitmap.NextAtOrAfter(from));
            }
        }

        [Fact]
        public void Walking_the_set_bits_visits_each_once_in_order()
        {
            SlotBitmap bitmap = default;
            int[] slots = { 0, 63, 64, 255, 256, 257, 640, Endpoint.Slots - 1 };
            foreach (int s in slots) bitmap.Add(s);
            var seen = new List<int>();
            for (int s = bitmap.NextAtOrAfter(0); s >= 0; s = bitmap.NextAtOrAfter(s + 1)) seen.Add(s);
            Assert.Equal(slots, seen);
            foreach (int s in slots) bitmap.Remove(s);
            Assert.True(bitmap.IsEmpty);
            Assert.Equal(-1, bitmap.NextAtOrAfter(0));
        }
    }
}
