using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// Each crash= kind makes the kernel fail on purpose (Lunix.Kernel.CrashTests); the report must
/// name the failure and, in its stack trace, the C# method that failed.
/// </summary>
[Collection(CrashReportCollection.Name)]
public sealed class CrashReportTests(QemuFixture qemu, ITestOutputHelper output)
{
    /// <param name="Method">The method of Lunix.Kernel.CrashTests that fails.</param>
    /// <param name="Names">Every group must be in the report; any word of a group will do.</param>
    /// <param name="PageFaultAddress">The report must show cr2, the faulting address.</param>
    private sealed record Expected(string Method, string[][] Names, bool PageFaultAddress = false);

    private static readonly Dictionary<string, Expected> ExpectedReports = new()
    {
        ["pagefault"] = new("PageFault", [["page fault"], ["#PF"]], PageFaultAddress: true),
        ["gp"] = new("GeneralProtection", [["general protection"], ["#GP"]]),
        ["divzero"] = new("DivideByZero", [["divide error"], ["#DE"]]),
        ["nullref"] = new("NullReference", [["NullReferenceException", "null reference"]]),
        ["index"] = new("IndexOutOfRange", [["IndexOutOfRangeException"]]),
        ["overflow"] = new("Overflow", [["OverflowException"]]),
        ["cast"] = new("InvalidCast", [["InvalidCastException"]]),
        ["panic"] = new("Panic", [["panic"]]),
        ["oom"] = new("ExhaustHeap", [["kernel heap exhausted"]]),
        ["writetext"] = new("WriteKernelText", [["page fault"], ["write"], ["protection violation"]], PageFaultAddress: true),
        ["execheap"] = new("ExecuteHeap", [["page fault"], ["execute"], ["protection violation"]], PageFaultAddress: true),
    };

    [Theory]
    [InlineData("pagefault")]
    [InlineData("gp")]
    [InlineData("divzero")]
    [InlineData("nullref")]
    [InlineData("index")]
    [InlineData("overflow")]
    [InlineData("cast")]
    [InlineData("panic")]
    [InlineData("oom")]
    [InlineData("writetext")]
    [InlineData("execheap")]
    public async Task CrashIsReportedWithTheFailingMethod(string kind)
    {
        var expected = ExpectedReports[kind];
        var run = await qemu.BootAsync(ImageKind.System, Firmware.Bios, "64M", $"test crash={kind}", TimeSpan.FromSeconds(60), output);

        var report = BootAssert.CrashReport(run);
        foreach (var alternatives in expected.Names)
        {
            if (!alternatives.Any(name => report.Any(line => line.Contains(name, StringComparison.OrdinalIgnoreCase))))
                BootAssert.Fail(run, $"the crash report does not name the failure: none of {string.Join(", ", alternatives.Select(a => $"'{a}'"))}");
        }
        if (expected.PageFaultAddress && !report.Any(line => line.Contains("cr2:", StringComparison.Ordinal)))
            BootAssert.Fail(run, "the page fault report does not show the faulting address ('cr2:')");
        BootAssert.StackTraceNames(run, report, $"CrashTests.{expected.Method}");
        if (run.ToolExitStatus == BootExitStatus.Clean)
            BootAssert.Fail(run, "the Boot tool would exit 0 for a crashed kernel");
    }

    // With other processors online the crashing one stops them (by NMI) and reports where each
    // was, with its registers.
    [Fact]
    public async Task CrashWithFourProcessorsIsReported()
    {
        var options = new QemuOptions(qemu.IsoPath(ImageKind.System), Headless: true, Firmware.Bios, "64M", "test crash=panic", Cpus: 4);
        var run = await qemu.BootAsync(options, TimeSpan.FromSeconds(60), output);
        BootAssert.LineContainingAll(run, "lunix: smp: 4 of 4 CPUs online");
        BootAssert.LineContainingAll(run, "  on CPU 0; the other CPUs stopped: 3 of 3");
        foreach (int cpu in new[] { 1, 2, 3 }) BootAssert.LineContainingAll(run, $"  CPU {cpu} stopped in ");
        BootAssert.StackTraceNames(run, BootAssert.CrashReport(run), "CrashTests.Panic");
        if (run.ToolExitStatus == BootExitStatus.Clean)
            BootAssert.Fail(run, "the Boot tool would exit 0 for a crashed kernel");
    }
}
