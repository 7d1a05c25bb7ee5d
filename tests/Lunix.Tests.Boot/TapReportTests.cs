using Lunix.Boot;

namespace Lunix.Tests.Boot;

/// <summary>How `test` judges a suite's TAP output; no QEMU needed.</summary>
public sealed class TapReportTests
{
    [Fact]
    public void AllPlannedCasesPassing()
    {
        Assert.Null(TapReport.Failure(["lunix: ready", "1..2", "ok 1 - a", "ok 2 - b", "# corelib: 2 passed, 0 failed"]));
    }

    [Theory]
    [InlineData("lunix: ready")] // no plan: unknown suite, or isolation
    [InlineData("1..2", "ok 1 - a", "not ok 2 - b")]
    [InlineData("1..3", "ok 1 - a", "ok 2 - b")]
    [InlineData("1..1", "ok 1 - a", "ok 2 - b")]
    [InlineData("1..1", "ok 1 - a", "1..1")]
    public void AnythingElseFails(params string[] lines) =>
        Assert.False(string.IsNullOrWhiteSpace(TapReport.Failure(lines)));

    [Theory]
    [InlineData("1..5", true)]
    [InlineData("ok 3 - heap", true)]
    [InlineData("not ok 3 - heap", true)]
    [InlineData("# ipc: 5 passed, 0 failed", true)]
    [InlineData("lunix: cmdline: poweroff test suite=ipc", false)]
    [InlineData("okay", false)]
    public void TapLinesAreRecognised(string line, bool isTap) =>
        Assert.Equal(isTap, TapReport.IsTapLine(line));
}
