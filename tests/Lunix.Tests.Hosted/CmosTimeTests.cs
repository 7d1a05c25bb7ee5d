using Lunix.Kernel.Time;
using Xunit;

namespace Lunix.Tests.Hosted;

/// <summary>The CMOS clock's registers decoded (Kernel/Time/CmosTime.cs) in each of the chip's
/// formats, against dates whose Unix time is known (`date -u -d ... +%s` on the host).</summary>
public sealed class CmosTimeTests
{
    private const byte Bcd24 = CmosTime.TwentyFourHour, Binary24 = CmosTime.TwentyFourHour | CmosTime.BinaryDigits,
                       Bcd12 = 0, Binary12 = CmosTime.BinaryDigits;

    [Theory]
    // 2026-12-07 02:03:04 UTC = 1796608984, in all four formats (12-hour: 2 AM).
    [InlineData(0x04, 0x03, 0x02, 0x07, 0x12, 0x26, 0x20, Bcd24, 1796608984L)]
    [InlineData(4, 3, 2, 7, 12, 26, 20, Binary24, 1796608984L)]
    [InlineData(0x04, 0x03, 0x02, 0x07, 0x12, 0x26, 0x20, Bcd12, 1796608984L)]
    [InlineData(4, 3, 2, 7, 12, 26, 20, Binary12, 1796608984L)]
    // 2026-12-07 23:59:59 UTC = 1796687999: 11 PM on the 12-hour clock (PM flag, bit 7).
    [InlineData(0x59, 0x59, 0x23, 0x07, 0x12, 0x26, 0x20, Bcd24, 1796687999L)]
    [InlineData(0x59, 0x59, 0x91, 0x07, 0x12, 0x26, 0x20, Bcd12, 1796687999L)]
    [InlineData(59, 59, 0x80 | 11, 7, 12, 26, 20, Binary12, 1796687999L)]
    // 12 AM is midnight, 12 PM noon: 2000-02-29 00:00:00 = 951782400, 12:00:00 = 951825600.
    [InlineData(0x00, 0x00, 0x12, 0x29, 0x02, 0x00, 0x20, Bcd12, 951782400L)]
    [InlineData(0x00, 0x00, 0x92, 0x29, 0x02, 0x00, 0x20, Bcd12, 951825600L)]
    // The century register: 1999-12-31 23:59:59 = 946684799; 2100-01-01 00:00:00 = 4102444800.
    [InlineData(0x59, 0x59, 0x23, 0x31, 0x12, 0x99, 0x19, Bcd24, 946684799L)]
    [InlineData(0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x21, Bcd24, 4102444800L)]
    public void RegistersDecodeInEveryFormat(byte second, byte minute, byte hour, byte day, byte month, byte year, byte century, byte statusB, long expected) =>
        Assert.Equal(expected, new CmosTime(second, minute, hour, day, month, year, century, statusB).ToUnixSeconds());

    [Theory]
    [InlineData(0x00)]      // no century register: the byte there is something else
    [InlineData(0xFF)]
    [InlineData(0x45)]
    public void WithoutACenturyRegisterTheYearIsInThe2000s(byte century) =>
        // 2026-12-07 02:03:04 UTC.
        Assert.Equal(1796608984L, new CmosTime(0x04, 0x03, 0x02, 0x07, 0x12, 0x26, century, Bcd24).ToUnixSeconds());

    [Theory]
    [InlineData(0x60, 0x00, 0x00, 0x01, 0x01)]     // second 60
    [InlineData(0x00, 0x60, 0x00, 0x01, 0x01)]     // minute 60
    [InlineData(0x00, 0x00, 0x24, 0x01, 0x01)]     // hour 24
    [InlineData(0x00, 0x00, 0x00, 0x00, 0x01)]     // day 0
    [InlineData(0x00, 0x00, 0x00, 0x32, 0x01)]     // day 32
    [InlineData(0x00, 0x00, 0x00, 0x01, 0x00)]     // month 0
    [InlineData(0x00, 0x00, 0x00, 0x01, 0x13)]     // month 13
    [InlineData(0xFF, 0xFF, 0xFF, 0xFF, 0xFF)]     // no chip: the bus reads all ones
    public void RegistersThatHoldNoDateAreRefused(byte second, byte minute, byte hour, byte day, byte month) =>
        Assert.Equal(-1L, new CmosTime(second, minute, hour, day, month, 0x26, 0x20, Bcd24).ToUnixSeconds());

    [Fact]
    public void ReadingsAgreeOnlyWhenEveryRegisterDoes()
    {
        var reading = new CmosTime(0x04, 0x03, 0x02, 0x07, 0x12, 0x26, 0x20, Bcd24);
        Assert.True(reading.SameAs(new CmosTime(0x04, 0x03, 0x02, 0x07, 0x12, 0x26, 0x20, Bcd24)));
        Assert.False(reading.SameAs(new CmosTime(0x05, 0x03, 0x02, 0x07, 0x12, 0x26, 0x20, Bcd24)));
        Assert.False(reading.SameAs(new CmosTime(0x04, 0x03, 0x02, 0x07, 0x12, 0x27, 0x20, Bcd24)));
    }
}
