using Lunix.Boot;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>Bad kernel options are reported and ignored; they never stop the boot.</summary>
[Collection(BiosBootCollection.Name)]
public sealed class CommandLineTests(QemuFixture qemu, ITestOutputHelper output)
{
    [Fact]
    public async Task UnknownAndMalformedOptionsAreReportedAndTheBootGoesOn()
    {
        var run = await qemu.BootAsync(Firmware.Bios, "64M", "poweroff test bogus=1 timer_hz=abc", TimeSpan.FromSeconds(60), output);

        // The unknown key is named and the valid keys are listed; poweroff and timer_hz are
        // valid keys of this very command line, so any such list contains them.
        BootAssert.LineContainingAll(run, "bogus", "unknown", "poweroff", "timer_hz");
        // The malformed value gets a line of its own: it names the key and the bad value. Not
        // mentioning bogus keeps the kernel's echo of the whole command line from counting.
        if (!run.Lines.Any(line => line.Contains("timer_hz") && line.Contains("abc") && !line.Contains("bogus")))
            BootAssert.Fail(run, "no line reports timer_hz=abc as malformed (naming timer_hz and abc, apart from bogus)");
        BootAssert.LineStartingWith(run, "lunix: ready");
        BootAssert.PoweredOffCleanly(run);
    }
}
