using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The faultinject suite (kernel option suite=faultinject), after MINIX's testrelpol and EDFI:
/// faultcampaign has RS inject 1,000 seeded random faults of eleven kinds into hello, hellonew and
/// DS while faultclient makes ordinary requests; every service must come back, every request
/// succeed or fail with an error, none hang, and the kernel never crash.
/// </summary>
[Collection(FaultInjectionCollection.Name)]
public sealed class FaultInjectSuiteTests(QemuFixture qemu, ITestOutputHelper output) : InGuestSuite(qemu, output, "faultinject", timeoutSeconds: 300)
{
    // tests/InGuest/FaultInject/FaultCampaign/FaultCampaign.cs, in order.
    public static readonly TheoryData<int, string> Cases = new()
    {
        { 1, "hello, hellonew and ds are up before the campaign" },
        { 2, "every null-write fault: RS restarted the service and it served again" },
        { 3, "every unmapped-write fault: RS restarted the service and it served again" },
        { 4, "every endless-loop fault: RS restarted the service and it served again" },
        { 5, "every garbage-reply fault was survived without a restart and the service served on" },
        { 6, "every kernel-write fault: RS restarted the service and it served again" },
        { 7, "every noncanonical-read fault: RS restarted the service and it served again" },
        { 8, "every text-write fault: RS restarted the service and it served again" },
        { 9, "every stack-overflow fault: RS restarted the service and it served again" },
        { 10, "every illegal-instruction fault: RS restarted the service and it served again" },
        { 11, "every exit fault: RS restarted the service and it served again" },
        { 12, "every bad-syscall-pointers fault was survived without a restart and the service served on" },
        { 13, "every fault into hello was recovered from" },
        { 14, "every fault into hellonew was recovered from" },
        { 15, "every fault into ds was recovered from" },
        { 16, "every kind of fault was injected into every service" },
        { 17, "no client request hung" },
        { 18, "no request succeeded with a wrong answer" },
        { 19, "faults met requests in flight: some failed with an error, the rest succeeded" },
        { 20, "every service serves after the campaign" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Passes(int number, string name) => CasePasses(number, name);

    [Fact]
    public Task PlanMatchesAndBootCompletes() => CheckPlanAndBoot(Cases.Count);

    // The in-guest suite cannot see a kernel that died under it; the serial log can.
    [Fact]
    public async Task KernelNeverPanicked()
    {
        var run = await SuiteRun();
        if (run.CrashSeen || run.Lines.Any(line => line.Contains("panic", StringComparison.OrdinalIgnoreCase)))
            BootAssert.Fail(run, "the kernel panicked or printed a crash report during the campaign");
    }

    [Fact]
    public async Task PrintsItsSeedAndSummary()
    {
        var run = await SuiteRun();
        BootAssert.LineStartingWith(run, "# faultinject: seed 1 (boot with seed=N to repeat a campaign), 1000 faults into hello, hellonew and ds, rs.backoff=off");
        BootAssert.LineStartingWith(run, "# requests: ");
    }

    // Each way a service ends reaches RS as its own signal, and none leaves a service down.
    [Fact]
    public async Task RsRestartsAfterEveryKindOfEnd()
    {
        var run = await SuiteRun();
        Assert.Contains(run.Lines, line => line.EndsWith(" stopped by signal 11", StringComparison.Ordinal));  // page and protection faults
        Assert.Contains(run.Lines, line => line.EndsWith(" stopped by signal 4", StringComparison.Ordinal));   // ud2
        Assert.Contains(run.Lines, line => line.EndsWith(" stopped by signal 6", StringComparison.Ordinal));   // exit
        Assert.Contains(run.Lines, line => line.EndsWith(" did not answer its ping: restarting", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Lines, line => line.StartsWith("rs: ", StringComparison.Ordinal) && line.Contains("taken down", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Lines, line => line.StartsWith("sef: ", StringComparison.Ordinal));
    }
}
