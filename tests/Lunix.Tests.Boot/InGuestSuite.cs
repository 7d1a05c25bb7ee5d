using Lunix.Boot;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// An in-guest TAP suite (kernel option suite=NAME): one boot per suite, whose TAP lines each
/// become a test case, so a failing check names itself. Derived classes list the cases in the
/// kernel's order; the plan check catches a list that has drifted from the kernel. A suite that
/// runs long (faultinject) gives itself more than the usual two minutes.
/// </summary>
public abstract class InGuestSuite(QemuFixture qemu, ITestOutputHelper output, string suite, int timeoutSeconds = TestOptions.DefaultTimeoutSeconds)
{
    private static readonly Dictionary<string, Task<QemuRun>> Runs = new();
    private static readonly object RunsLock = new();

    protected Task<QemuRun> SuiteRun()
    {
        lock (RunsLock)
        {
            if (!Runs.TryGetValue(suite, out var run))
            {
                run = qemu.BootAsync(Firmware.Bios, "64M", $"poweroff test suite={suite}", TimeSpan.FromSeconds(timeoutSeconds), output);
                Runs[suite] = run;
            }
            return run;
        }
    }

    protected async Task CasePasses(int number, string name)
    {
        var run = await SuiteRun();
        string expected = $"ok {number} - {name}";
        if (run.Lines.Contains(expected)) return;
        string? actual = run.Lines.FirstOrDefault(line => line.StartsWith($"not ok {number} ", StringComparison.Ordinal)
                                                          || line.EndsWith($" {number} - {name}", StringComparison.Ordinal));
        BootAssert.Fail(run, actual != null ? $"TAP case failed: {actual}" : $"TAP case missing: {expected}");
    }

    protected async Task CheckPlanAndBoot(int cases)
    {
        var run = await SuiteRun();
        BootAssert.LineStartingWith(run, $"1..{cases}");
        BootAssert.LineStartingWith(run, "lunix: ready");
        BootAssert.PoweredOffCleanly(run);
    }
}
