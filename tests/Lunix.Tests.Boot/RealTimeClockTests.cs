using System.Globalization;
using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// CLOCK_REALTIME comes from the CMOS clock the kernel reads at boot (Kernel/Time/CmosClock.cs):
/// `date` in the guest's shell tells the host's time (QEMU's RTC follows the host's UTC), and a
/// clock QEMU starts at a date of its choosing (-rtc base=..., here in the 20th century, so the
/// century register counts: read as 20, the year would be 2099) is the date `date` tells.
/// </summary>
[Collection(BiosBootCollection.Name)]
public sealed class RealTimeClockTests(QemuFixture qemu, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>TCG is slow and the machine shared: the guest's clock may lag a little, never minutes.</summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task DateTellsTheHostsTime()
    {
        var guest = await GuestDate([], "+%s");
        var host = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var seconds = long.Parse(guest, CultureInfo.InvariantCulture);
        Assert.True(Math.Abs(host - seconds) <= Tolerance.TotalSeconds, $"the guest's date +%s is {seconds}, the host's {host}");
    }

    [Fact]
    public async Task DateTellsTheDateTheClockWasSetTo()
    {
        // QEMU 7.2 keeps -rtc base's distance from the host's time in an int: a date more than 68
        // years away comes out wrapped (2107 becomes 1971), so the century is the last one.
        var guest = await GuestDate(["-rtc", "base=1999-12-31T23:58:00"], "-u +%Y-%m-%dT%H:%M:%S");
        var told = DateTime.ParseExact(guest, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var since = told - new DateTime(1999, 12, 31, 23, 58, 0);
        Assert.True(since >= TimeSpan.Zero && since <= Tolerance, $"the guest's date is {guest}, its clock started at 1999-12-31T23:58:00");
    }

    /// <summary>What `date ARGUMENTS` prints at the system image's shell.</summary>
    private async Task<string> GuestDate(IReadOnlyList<string> qemuArguments, string arguments)
    {
        var options = new QemuOptions(qemu.IsoPath(ImageKind.System), Headless: true, Memory: "128M", KernelCommandLine: "test", ExtraArguments: qemuArguments);
        await using var machine = await qemu.StartSessionAsync(options, output);
        await machine.PromptAsync("root@lunix:/# ", Timeout);
        await machine.TypeAsync($"echo rtc=$(date {arguments})\r");
        var line = await machine.LineAsync("rtc=", Timeout);
        await machine.TypeAsync("poweroff\r");
        BootAssert.PoweredOffCleanly(await machine.FinishAsync(Timeout));
        return line["rtc=".Length..].Trim();
    }
}
