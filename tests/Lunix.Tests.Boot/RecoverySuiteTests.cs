using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The recovery suite (kernel option suite=recovery), after MINIX's testrelpol: recoverytest, a
/// ring-3 client, has RS inject faults into the hello driver (endpoint kept), hellonew (new
/// endpoint) and DS, and checks each comes back in time, as its policy says, and serves again.
/// </summary>
[Collection(CrashReportCollection.Name)]
public sealed class RecoverySuiteTests(QemuFixture qemu, ITestOutputHelper output) : InGuestSuite(qemu, output, "recovery")
{
    // tests/InGuest/Recovery/RecoveryTest/RecoveryTest.cs, in order.
    public static readonly TheoryData<int, string> Cases = new()
    {
        { 1, "RS initialised hello and knows it by its label" },
        { 2, "hello serves an open and a read" },
        { 3, "a service whose initialisation fails is taken down" },
        { 4, "a service whose initialisation never reports is taken down after the timeout" },
        { 5, "hello crashes (null write) and is restarted at once with the same endpoint" },
        { 6, "after its restart hello serves again, its open count reset" },
        { 7, "hellonew crashes and is restarted with a new endpoint; the old one is dead" },
        { 8, "hello crashes on a wild write and is restarted" },
        { 9, "hello stops answering pings and is restarted" },
        { 10, "a garbage reply reaches the client once, then replies are sound" },
        { 11, "a crash soon after a restart waits out a backoff delay, then restarts" },
        { 12, "RS restarts hello on request, keeping its endpoint" },
        { 13, "hello's restart is announced in DS as drv.hello to a subscriber of drv." },
        { 14, "DS maps hellonew's label to its new endpoint" },
        { 15, "DS crashes and is restarted; RS publishes every label again" },
        { 16, "VM crashes and is restarted at once with its endpoint; the new VM knows the client's region" },
        { 17, "VM stops answering pings and is restarted; the region still works and unmaps" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Passes(int number, string name) => CasePasses(number, name);

    [Fact]
    public Task PlanMatchesAndBootCompletes() => CheckPlanAndBoot(Cases.Count);

    [Fact]
    public async Task RsReportsWhatItTookDown()
    {
        var run = await SuiteRun();
        Assert.Contains("rs: initfails failed its initialisation: taken down 12", run.Lines);
        Assert.Contains("rs: inithangs did not initialise in time 100", run.Lines);
        Assert.Contains("lunix: initfails (slot 19) cleared by rs", run.Lines);
    }
}
