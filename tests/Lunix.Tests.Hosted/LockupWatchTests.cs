using Lunix.Arch.X86;
using Xunit;

namespace Lunix.Tests.Hosted;

/// <summary>
/// The NMI watchdog's rule (Arch.X86/LockupWatch.cs): a CPU is stuck when, NMI after NMI, its
/// timer ticks have not moved and interrupts were off, for the limit's TSC ticks since the last
/// progress or touch.
/// </summary>
public sealed class LockupWatchTests
{
    private const ulong Second = 1_000_000;
    private const ulong Limit = 5 * Second;

    // A watch that saw tick 10 at TSC 1 s.
    private static LockupWatch Started()
    {
        var watch = new LockupWatch();
        Assert.Equal(LockupVerdict.Progress, watch.Observe(10, interruptsOn: false, 1 * Second, Limit));
        return watch;
    }

    [Fact]
    public void TheFirstNmiIsProgressWhateverTheTicks()
    {
        var watch = new LockupWatch();
        Assert.Equal(LockupVerdict.Progress, watch.Observe(0, interruptsOn: false, 100 * Second, Limit));
        Assert.Equal(100 * Second, watch.ProgressTsc);
    }

    [Fact]
    public void StillTicksWithInterruptsOffAreStuckOnlyOnceTheLimitHasPassed()
    {
        var watch = Started();
        Assert.Equal(LockupVerdict.Waiting, watch.Observe(10, false, 2 * Second, Limit));
        Assert.Equal(LockupVerdict.Waiting, watch.Observe(10, false, 6 * Second - 1, Limit));
        Assert.Equal(LockupVerdict.Stuck, watch.Observe(10, false, 6 * Second, Limit));
        Assert.Equal(5 * Second, watch.StuckTsc(6 * Second));
        Assert.Equal(3u, watch.NmisSinceProgress);
        Assert.Equal(4u, watch.Nmis);
    }

    [Fact]
    public void MovingTicksAreProgress()
    {
        var watch = Started();
        Assert.Equal(LockupVerdict.Waiting, watch.Observe(10, false, 5 * Second, Limit));
        Assert.Equal(LockupVerdict.Progress, watch.Observe(11, false, 5 * Second + 1, Limit));
        // The limit counts again from the last progress.
        Assert.Equal(LockupVerdict.Waiting, watch.Observe(11, false, 10 * Second, Limit));
        Assert.Equal(LockupVerdict.Stuck, watch.Observe(11, false, 10 * Second + 1, Limit));
    }

    // Ring 3 and the idle halt run with interrupts on: an NMI there proves the timer can get
    // in, even if no tick has come yet (a slow tick, ticks stopped by something else).
    [Fact]
    public void AnNmiWithInterruptsOnIsProgress()
    {
        var watch = Started();
        Assert.Equal(LockupVerdict.Progress, watch.Observe(10, interruptsOn: true, 7 * Second, Limit));
        Assert.Equal(0u, watch.NmisSinceProgress);
        Assert.Equal(LockupVerdict.Waiting, watch.Observe(10, false, 8 * Second, Limit));
    }

    [Fact]
    public void ATouchRestartsTheLimit()
    {
        var watch = Started();
        Assert.Equal(LockupVerdict.Waiting, watch.Observe(10, false, 4 * Second, Limit));
        watch.Touch(5 * Second);
        Assert.Equal(0u, watch.NmisSinceProgress);
        Assert.Equal(LockupVerdict.Waiting, watch.Observe(10, false, 9 * Second, Limit));
        Assert.Equal(LockupVerdict.Stuck, watch.Observe(10, false, 10 * Second, Limit));
    }

    // A TSC behind the last progress (written, or another CPU's touch seen) must not wrap
    // around into an enormous stuck time.
    [Fact]
    public void ATscThatWentBackIsProgressNotAWrapAround()
    {
        var watch = Started();
        Assert.Equal(LockupVerdict.Progress, watch.Observe(10, false, Second / 2, Limit));
        Assert.Equal(0UL, watch.StuckTsc(Second / 4));
        Assert.Equal(LockupVerdict.Waiting, watch.Observe(10, false, Second, Limit));
    }
}
