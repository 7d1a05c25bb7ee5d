using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// An in-guest TAP suite (kernel option suite=NAME): one boot of the test image per suite, with
/// the suite's own options from manifest.toml, as the Boot tool's `test` runs it, whose TAP lines
/// each become a test case, so a failing check names itself. Derived classes list the cases in
/// the suite's order; the plan check catches a list that has drifted from the suite. A suite that
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
                var options = new TestOptions(suite, TestOptions.Defaults with { TimeoutSeconds = timeoutSeconds });
                run = qemu.BootAsync(options.ToQemuOptions(qemu.IsoPath(ImageKind.Test), SuiteOptions()), TimeSpan.FromSeconds(timeoutSeconds), output);
                Runs[suite] = run;
            }
            return run;
        }
    }

    /// <summary>The suite's kernel options in the manifest (faultinject: rs.backoff=off).</summary>
    private string SuiteOptions()
    {
        if (qemu.Manifest?.Suites.FirstOrDefault(declared => declared.Name == suite) is not { } declared)
        {
            Assert.Fail(qemu.Problem ?? $"manifest.toml declares no suite '{suite}'");
            return "";
        }
        return declared.Options;
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
