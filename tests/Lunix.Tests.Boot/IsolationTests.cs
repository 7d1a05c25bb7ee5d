using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// Ring-3 isolation (kernel option suite=isolation): a program that touches unmapped memory is
/// stopped and reported with its registers and a symbolized trace, a program spinning forever
/// is preempted, and a bystander at the spinner's priority, started after both, still runs to
/// its end; so does init.
/// </summary>
[Collection(CrashReportCollection.Name)]
public sealed class IsolationTests(QemuFixture qemu, ITestOutputHelper output)
{
    [Fact]
    public async Task FaultingProgramIsStoppedAndTheOthersGoOn()
    {
        var run = await qemu.BootAsync(ImageKind.Test, Firmware.Bios, "64M", "poweroff test suite=isolation", TimeSpan.FromSeconds(60), output);
        var lines = run.Lines.ToList();
        int stopped = lines.FindIndex(l => l.StartsWith("lunix: process faulter", StringComparison.Ordinal) && l.Contains("stopped: page fault (#PF)"));
        if (stopped < 0) BootAssert.Fail(run, "no report that faulter was stopped by its page fault");
        var report = lines.Skip(stopped).Take(12).ToList();
        if (!report.Any(l => l.Contains("cr2: 0x0000000000010000", StringComparison.Ordinal))) BootAssert.Fail(run, "the report does not show the faulting address");
        if (!report.Any(l => l.TrimStart().StartsWith("rip=", StringComparison.Ordinal))) BootAssert.Fail(run, "the report does not show the registers");
        if (!report.Any(l => l.TrimStart().StartsWith("#0", StringComparison.Ordinal) && l.Contains("Faulter.TouchUnmapped", StringComparison.Ordinal)))
            BootAssert.Fail(run, "the report's stack trace does not name Faulter.TouchUnmapped");
        if (lines.Any(l => l.StartsWith("faulter: still alive", StringComparison.Ordinal))) BootAssert.Fail(run, "faulter ran on after its fault");
        BootAssert.LineStartingWith(run, "spinner: spinning forever");
        int bystander = lines.FindIndex(l => l.StartsWith("bystander: ran to its end beside the spinner", StringComparison.Ordinal));
        if (bystander < stopped) BootAssert.Fail(run, "the bystander did not run to its end after the fault");
        BootAssert.LineStartingWith(run, "lunix: bystander exited with status 0");
        BootAssert.LineStartingWith(run, "lunix: init exited with status 0");
        if (run.CrashSeen) BootAssert.Fail(run, "the kernel crashed");
        BootAssert.PoweredOffCleanly(run);
    }
}
