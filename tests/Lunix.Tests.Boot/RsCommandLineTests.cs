using Lunix.Boot;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The rs.do kernel option: RS carries out restart, update and fault requests from the command
/// line once the services are up, prints each result, and reports a bad item with the valid forms.
/// </summary>
[Collection(BiosBootCollection.Name)]
public sealed class RsCommandLineTests(QemuFixture qemu, ITestOutputHelper output)
{
    [Fact]
    public async Task RsCarriesOutTheCommandLinesRequests()
    {
        var run = await qemu.BootAsync(Firmware.Bios, "64M", "poweroff rs.do=update:hello,fault:hello:null-write,restart:ds,bogus:x,update:nosuch",
                                       TimeSpan.FromSeconds(60), output);
        Assert.Contains("rs: rs.do: ignored 'bogus:x': valid requests are restart:LABEL, update:LABEL, fault:LABEL:KIND, at most 8", run.Lines);
        Assert.Contains("rs: rs.do update hello: 16", run.Lines);
        Assert.Contains("rs: rs.do fault hello null-write: 0", run.Lines);
        Assert.Contains("rs: rs.do restart ds: 13", run.Lines);
        Assert.Contains("rs: rs.do update nosuch: error 2", run.Lines);
        Assert.Contains("rs: hello stopped by signal 11", run.Lines);
        BootAssert.PoweredOffCleanly(run);
    }
}
