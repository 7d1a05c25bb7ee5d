using System;
using System.Linq;
using Lunix.Kernel.Time;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // SETALARM's queue (Kernel/Time/AlarmQueue.cs): alarms go off in order of expiry (and of
    // setting, among equal ones), once each, at the first tick at or after their time; a new
    // alarm replaces the slot's old one, a cancelled one never goes off.
    public class AlarmQueueTests
    {
        private const int Slots = 1024;

        [Fact]
        public void Alarms_go_off_in_order_and_once()
        {
            var q = new AlarmQueue(Slots);
            q.Set(700, 30);
            q.Set(5, 10);
            q.Set(1023, 20);
            q.Set(64, 10);
            Assert.False(q.TakeExpired(9, out _));
            Assert.True(q.TakeExpired(10, out int first));
            Assert.True(q.TakeExpired(10, out int second));
            Assert.Equal((5, 64), (first, second));         // equal expiries: in the order set
            Assert.False(q.TakeExpired(19, out _));
            Assert.True(q.TakeExpired(25, out int third));
            Assert.Equal(1023, third);
            Assert.Equal(30UL, q.ExpiryOf(700));
            Assert.Equal(0UL, q.ExpiryOf(5));
        }

        [Fact]
        public void A_new_alarm_replaces_the_old_one_and_a_cancelled_one_never_goes_off()
        {
            var q = new AlarmQueue(Slots);
            q.Set(3, 10);
            q.Set(4, 12);
            q.Set(3, 50);
            q.Cancel(4);
            q.Cancel(9);                                     // none armed: nothing to do
            Assert.False(q.TakeExpired(49, out _));
            Assert.True(q.TakeExpired(50, out int slot));
            Assert.Equal(3, slot);
            Assert.False(q.TakeExpired(1000, out _));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        public void Random_alarms_agree_with_a_table_of_expiries(int seed)
        {
            var random = new Random(seed);
            var q = new AlarmQueue(Slots);
            var model = new ulong[Slots];
            var order = new long[Slots];          // when each was set, for equal expiries
            long sets = 0;
            ulong now = 1;
            for (int step = 0; step < 20000; step++)
            {
                int slot = random.Next(8) == 0 ? Slots - 1 : random.Next(Slots);
                switch (random.Next(4))
                {
                    case 0:
                        q.Cancel(slot);
                        model[slot] = 0;
                        break;
                    case 1:
                        now += (ulong)random.Next(4);
                        while (q.TakeExpired(now, out int gone))
                        {
                            var due = Enumerable.Range(0, Slots).Where(s => model[s] != 0 && model[s] <= now)
                                                .OrderBy(s => model[s]).ThenBy(s => order[s]).First();
                            Assert.Equal(due, gone);
                            model[gone] = 0;
                        }
                        Assert.DoesNotContain(model, e => e != 0 && e <= now);
                        break;
                    default:
                        ulong when = now + 1 + (ulong)random.Next(20);
                        q.Set(slot, when);
                        model[slot] = when;
                        order[slot] = sets++;
                        break;
                }
                Assert.Equal(model[slot], q.ExpiryOf(slot));
            }
        }
    }
}
