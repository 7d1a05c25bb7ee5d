using Lunix.Boot;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// A critical service that RS cannot bring back stops the system: under suite=critical the boot
/// image has a service labelled "critical" whose initialisation fails; RS takes it down, then
/// asks the kernel to ABORT, and the kernel panics with RS's reason in the report.
/// </summary>
[Collection(CrashReportCollection.Name)]
public sealed class CriticalServiceTests(QemuFixture qemu, ITestOutputHelper output)
{
    [Fact]
    public async Task LosingACriticalServiceIsAPanicNamingIt()
    {
        var run = await qemu.BootAsync(Firmware.Bios, "64M", "test suite=critical", TimeSpan.FromSeconds(60), output);
        Assert.Contains("rs: critical failed its initialisation: taken down 12", run.Lines);
        var report = BootAssert.CrashReport(run);
        if (!report.Any(line => line.Contains("rs: critical service critical is down and cannot be brought back", StringComparison.Ordinal)))
            BootAssert.Fail(run, "the panic report does not give RS's reason");
        BootAssert.StackTraceNames(run, report, "DoAbort.Run");
        if (run.ToolExitStatus == BootExitStatus.Clean)
            BootAssert.Fail(run, "the Boot tool would exit 0 for a panicked kernel");
    }
}
