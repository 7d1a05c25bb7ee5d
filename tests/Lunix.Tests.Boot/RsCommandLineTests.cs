using Lunix.Boot;
using Lunix.Manifest;
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
        var run = await qemu.BootAsync(ImageKind.System, Firmware.Bios, "64M", "init=none poweroff rs.do=update:hello,fault:hello:null-write,restart:ds,bogus:x,update:nosuch",
                                       TimeSpan.FromSeconds(60), output);
        Assert.Contains("rs: rs.do: ignored 'bogus:x': valid requests are restart:LABEL, update:LABEL, fault:LABEL:KIND, at most 8", run.Lines);
        Assert.Contains("rs: rs.do update hello: 16", run.Lines);
        Assert.Contains("rs: rs.do fault hello null-write: 0", run.Lines);
        Assert.Contains("rs: rs.do restart ds: 13", run.Lines);
        Assert.Contains("rs: rs.do update nosuch: error 2", run.Lines);
        Assert.Contains("rs: hello stopped by signal 11", run.Lines);
        BootAssert.PoweredOffCleanly(run);
    }

    // RS updates itself from the command line, and the new RS carries on with the rest of the
    // queue (its position came over with the state): it restarts hello.
    [Fact]
    public async Task RsUpdatesItselfAndTheNewRsGoesOnWithTheQueue()
    {
        var run = await qemu.BootAsync(ImageKind.System, Firmware.Bios, "64M", "init=none poweroff rs.do=update:rs,restart:hello", TimeSpan.FromSeconds(60), output);
        Assert.Contains("rs: rs updated to its new version", run.Lines);
        Assert.Contains("rs: rs.do update rs: 12", run.Lines);
        Assert.Contains("rs: hello is up again, restart 1", run.Lines);
        Assert.Contains("rs: rs.do restart hello: 16", run.Lines);
        BootAssert.PoweredOffCleanly(run);
    }
}
