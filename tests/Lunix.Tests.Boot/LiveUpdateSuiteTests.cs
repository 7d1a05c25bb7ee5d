using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The liveupdate suite (kernel option suite=liveupdate): liveupdatetest, a ring-3 client, has RS
/// live-update hello and DS while it uses them, and has new versions crash, fail and hang in
/// their initialisation to check that each update is rolled back with the old version serving;
/// then RS updates itself, and is rolled back the same way.
/// </summary>
[Collection(CrashReportCollection.Name)]
public sealed class LiveUpdateSuiteTests(QemuFixture qemu, ITestOutputHelper output) : InGuestSuite(qemu, output, "liveupdate")
{
    // tests/InGuest/LiveUpdate/LiveUpdateTest/LiveUpdateTest.cs, in order.
    public static readonly TheoryData<int, string> Cases = new()
    {
        { 1, "hello counts three opens before its update" },
        { 2, "RS live-updates hello and answers with the same endpoint" },
        { 3, "the new hello carries the open count over (the next open is the fourth)" },
        { 4, "the update was no restart: RS counts none" },
        { 5, "a new version that crashes in its initialisation is rolled back" },
        { 6, "a new version whose initialisation fails is rolled back" },
        { 7, "a new version that never reports is rolled back after the timeout" },
        { 8, "after three rollbacks hello updates again, its count still carried over" },
        { 9, "RS live-updates DS and answers with the same endpoint" },
        { 10, "the new DS has the old one's store, ownership included" },
        { 11, "a DS update whose new version crashes is rolled back, the store intact" },
        { 12, "RS live-updates VM; the new VM knows the client's region (a new page faults in, the old one kept)" },
        { 13, "a VM update whose new version crashes in its initialisation is rolled back; the region still works" },
        { 14, "an update of a service RS does not know fails with ENOENT; a request to restart RS or to make it fault fails with EPERM" },
        { 15, "before RS updates itself, hello is restarted once (RS counts one restart)" },
        { 16, "RS live-updates itself and answers with its own endpoint" },
        { 17, "the new RS knows every service: hello, DS and VM up at their endpoints, hello's restart still counted" },
        { 18, "the new RS restarts a crashed hello" },
        { 19, "the new RS still pings: a hung hello is found and restarted" },
        { 20, "an RS update whose new version crashes in its initialisation is rolled back, RS serving with its state" },
        { 21, "an RS update whose new version fails its initialisation is rolled back, RS serving with its state" },
        { 22, "an RS update whose new version never reports is rolled back after the timeout, RS serving with its state" },
        { 23, "after three rollbacks RS updates itself again, and the newest RS restarts a crashed hello" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Passes(int number, string name) => CasePasses(number, name);

    [Fact]
    public Task PlanMatchesAndBootCompletes() => CheckPlanAndBoot(Cases.Count);

    [Fact]
    public async Task RsReportsEachUpdateAndRollback()
    {
        var run = await SuiteRun();
        Assert.Contains("rs: hello updated to its new version", run.Lines);
        Assert.Contains("rs: hello new version crashed in its initialisation; rolled back 105", run.Lines);
        Assert.Contains("rs: hello new version failed its initialisation; rolled back, error 5", run.Lines);
        Assert.Contains("rs: hello new version did not initialise in time; rolled back 60", run.Lines);
        Assert.Contains("rs: ds updated to its new version", run.Lines);
        Assert.Contains("rs: rs updated to its new version", run.Lines);
        Assert.Contains("rs: rs new version crashed in its initialisation; rolled back 105", run.Lines);
        Assert.Contains("rs: rs new version failed its initialisation; rolled back, error 5", run.Lines);
        Assert.Contains("rs: rs new version did not initialise in time; rolled back 60", run.Lines);
    }
}
