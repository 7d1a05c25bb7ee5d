using Lunix.Abi;
using Lunix.Servers.Rs;
using Xunit;

namespace Lunix.Tests.Hosted
{
    // RS's restart policy (Servers/Rs/Backoff.cs), the same source RS runs.
    public class RsBackoffTests
    {
        [Fact]
        public void A_first_crash_restarts_at_once()
        {
            var service = new ServiceRecord();
            Assert.Equal(0UL, Backoff.AfterCrash(ref service, now: 1000));
            Assert.Equal(0, service.QuickCrashes);
        }

        [Fact]
        public void Crashes_soon_after_each_restart_double_the_delay_up_to_the_cap()
        {
            var service = new ServiceRecord { Restarts = 1, LastRestart = 100 };
            ulong now = 110;
            ulong[] expected = [2, 4, 8, 16, 32, 64, 128, 256, 256, 256];
            foreach (ulong delay in expected)
            {
                Assert.Equal(delay, Backoff.AfterCrash(ref service, now));
                service.Restarts++;
                service.LastRestart = now + delay;
                now = service.LastRestart + 5;
            }
        }

        [Fact]
        public void A_crash_after_a_stable_run_counts_as_a_first_crash_again()
        {
            var service = new ServiceRecord { Restarts = 3, QuickCrashes = 3, LastRestart = 100 };
            Assert.Equal(0UL, Backoff.AfterCrash(ref service, 100 + Backoff.StableTicks));
            Assert.Equal(0, service.QuickCrashes);
        }

        [Fact]
        public void With_backoff_off_every_crash_restarts_at_once_and_quick_ones_are_still_counted()
        {
            var service = new ServiceRecord { Restarts = 1, LastRestart = 100 };
            Backoff.Disabled = true;
            try
            {
                for (int crash = 1; crash <= 10; crash++)
                {
                    Assert.Equal(0UL, Backoff.AfterCrash(ref service, service.LastRestart + 5));
                    Assert.Equal(crash, service.QuickCrashes);
                    service.Restarts++;
                    service.LastRestart += 5;
                }
            }
            finally
            {
                Backoff.Disabled = false;
            }
        }
    }
}
