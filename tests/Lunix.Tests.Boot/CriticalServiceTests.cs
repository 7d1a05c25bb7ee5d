using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// A critical service that RS cannot bring back stops the system: under suite=critical the boot
/// image has a service labelled "critical" whose initialisation fails; RS takes it down, then
/// asks the kernel to ABORT, and the kernel panics with RS's reason in the report. RS itself,
/// its own signal manager, stops the system when it crashes.
/// </summary>
[Collection(CrashReportCollection.Name)]
public sealed class CriticalServiceTests(QemuFixture qemu, ITestOutputHelper output)
{
    [Fact]
    public async Task LosingACriticalServiceIsAPanicNamingIt()
    {
        var run = await qemu.BootAsync(ImageKind.Test, Firmware.Bios, "64M", "test suite=critical", TimeSpan.FromSeconds(60), output);
        Assert.Contains("rs: critical failed its initialisation: taken down 12", run.Lines);
        var report = BootAssert.CrashReport(run);
        if (!report.Any(line => line.Contains("rs: critical service critical is down and cannot be brought back", StringComparison.Ordinal)))
            BootAssert.Fail(run, "the panic report does not give RS's reason");
        BootAssert.StackTraceNames(run, report, "DoAbort.Run");
        if (run.ToolExitStatus == BootExitStatus.Clean)
            BootAssert.Fail(run, "the Boot tool would exit 0 for a panicked kernel");
    }

    [Fact]
    public async Task ACrashOfRsIsAPanicNamingRsAndItsFaultingMethod()
    {
        var run = await qemu.BootAsync(ImageKind.System, Firmware.Bios, "64M", "poweroff rs.do=fault:rs:null-write", TimeSpan.FromSeconds(60), output);
        BootAssert.LineStartingWith(run, "lunix: process rs (slot 12) stopped: page fault");
        if (!run.Lines.Any(line => line.Contains("InjectedFaults.Carry", StringComparison.Ordinal)))
            BootAssert.Fail(run, "the fault report does not name RS's faulting method");
        var report = BootAssert.CrashReport(run);
        if (!report.Any(line => line.Contains("rs (slot 12) is its own signal manager and got lethal signal 11: nobody can restart it", StringComparison.Ordinal)))
            BootAssert.Fail(run, "the panic report does not say that RS crashed");
        BootAssert.StackTraceNames(run, report, "KernelSignals.LethalToOwnManager");
        if (run.ToolExitStatus == BootExitStatus.Clean)
            BootAssert.Fail(run, "the Boot tool would exit 0 for a panicked kernel");
    }
}
