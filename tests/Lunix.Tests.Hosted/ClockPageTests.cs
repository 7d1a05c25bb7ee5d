using System;
using Lunix.Abi;
using Xunit;

namespace Lunix.Tests.Hosted;

/// <summary>
/// The clock page's arithmetic (Abi/ClockPage.cs), which PM's system calls use and the vDSO
/// (Kernel/Vdso/vdso.c) does with unsigned __int128: the same nanoseconds for every TSC value,
/// checked against .NET's UInt128.
/// </summary>
public sealed class ClockPageTests
{
    [Theory]
    [InlineData(1_000_000_000UL)]      // -icount shift=0: one count per nanosecond
    [InlineData(2_893_412_000UL)]      // a 2.9 GHz TSC
    [InlineData(3_000_000UL)]          // a slow emulated one
    public void MonotonicNanosecondsIsTheFullProductShifted(ulong tscPerSecond)
    {
        var page = new ClockPage { TscAtZero = 12345, NanosecondsPerTsc32 = ClockPage.ScaleFor(tscPerSecond) };
        var random = new Random(42);
        for (int i = 0; i < 10_000; i++)
        {
            ulong counts = i < 5 ? (ulong)i : (ulong)random.NextInt64() >> random.Next(0, 40);
            ulong expected = (ulong)(((UInt128)counts * page.NanosecondsPerTsc32) >> 32);
            Assert.Equal(expected, page.MonotonicNanoseconds(page.TscAtZero + counts));
        }
    }

    [Fact]
    public void OneSecondOfCountsIsOneSecondWithinANanosecondPerSecond()
    {
        foreach (ulong rate in new[] { 1_000_000_000UL, 2_893_412_000UL, 3_579_545UL })
        {
            var page = new ClockPage { NanosecondsPerTsc32 = ClockPage.ScaleFor(rate) };
            long error = (long)page.MonotonicNanoseconds(rate * 100) - 100_000_000_000L;
            Assert.InRange(error, -100, 0);                // truncation only: never ahead of time
        }
    }

    [Fact]
    public void AnUnknownRateHasNoScale() => Assert.Equal(0UL, ClockPage.ScaleFor(0));
}
