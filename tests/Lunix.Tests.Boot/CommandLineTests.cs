using Lunix.Boot;
using Lunix.Manifest;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>Bad kernel options are reported and ignored; they never stop the boot.</summary>
[Collection(BiosBootCollection.Name)]
public sealed class CommandLineTests(QemuFixture qemu, ITestOutputHelper output)
{
    [Fact]
    public async Task UnknownAndMalformedOptionsAreReportedAndTheBootGoesOn()
    {
        var run = await qemu.BootAsync(ImageKind.System, Firmware.Bios, "64M", "init=none poweroff test bogus=1 timer_hz=abc", TimeSpan.FromSeconds(60), output);

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

    // A service's options reach it through the kernel unread: RS reports its own bad ones with
    // the valid ones, and items for a service the image does not have.
    [Fact]
    public async Task RsReportsItsOwnBadOptionsAndOnesForNoService()
    {
        var run = await qemu.BootAsync(ImageKind.System, Firmware.Bios, "64M", "init=none poweroff test rs.backoff=maybe rs.bogus=1 nosuch.key=2", TimeSpan.FromSeconds(60), output);
        BootAssert.LineContainingAll(run, "rs: cmdline:", "rs.backoff", "maybe", "on, off");
        BootAssert.LineContainingAll(run, "rs: cmdline:", "unknown option 'rs.bogus'", "rs.backoff, rs.do");
        BootAssert.LineContainingAll(run, "rs: cmdline:", "'nosuch.key=2' is for no service of this image");
        if (run.Lines.Any(line => line.StartsWith("lunix: cmdline: ", StringComparison.Ordinal) && line.Contains("rs.backoff", StringComparison.Ordinal) && !line.Contains("poweroff test")))
            BootAssert.Fail(run, "the kernel judged an option that is RS's");
        BootAssert.PoweredOffCleanly(run);
    }

    // The test image's runner knows the suites; a name it does not know is reported with them.
    [Fact]
    public async Task AnUnknownSuiteIsReportedWithTheValidOnes()
    {
        var run = await qemu.BootAsync(ImageKind.Test, Firmware.Bios, "64M", "poweroff test suite=nosuch", TimeSpan.FromSeconds(60), output);
        BootAssert.LineContainingAll(run, "testrunner: unknown suite 'nosuch'; suites:", "corelib", "ipc", "faultinject");
        BootAssert.PoweredOffCleanly(run);
    }
}
