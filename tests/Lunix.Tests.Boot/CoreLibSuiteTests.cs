using Lunix.Boot;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The in-guest core-library suite (kernel option suite=corelib): one boot, whose TAP lines each
/// become a test case here, so a failing language feature names itself.
/// </summary>
[Collection(BiosBootCollection.Name)]
public sealed class CoreLibSuiteTests(QemuFixture qemu, ITestOutputHelper output)
{
    // The kernel's Kernel/Tests/CoreLibSuite.cs, in order. PlanMatches catches a mismatch.
    public static readonly TheoryData<int, string> Cases = new()
    {
        { 1, "classes and virtual dispatch" },
        { 2, "abstract members" },
        { 3, "interface dispatch with many implementations" },
        { 4, "generics over classes and structs" },
        { 5, "one-dimensional arrays" },
        { 6, "string concatenation" },
        { 7, "integer formatting (decimal, hex, padded)" },
        { 8, "Span<T> and ReadOnlySpan<T>" },
        { 9, "static constructor with side effects" },
        { 10, "delegates (static, instance, closures)" },
        { 11, "checked arithmetic within range" },
        { 12, "casts and type tests" },
        { 13, "structs by value and by reference" },
        { 14, "interpolated strings" },
    };

    private static readonly SemaphoreSlim Once = new(1, 1);
    private static QemuRun? s_run;

    private async Task<QemuRun> SuiteRun()
    {
        await Once.WaitAsync();
        try
        {
            s_run ??= await qemu.BootAsync(Firmware.Bios, "64M", "poweroff test suite=corelib", TimeSpan.FromSeconds(60), output);
            return s_run;
        }
        finally
        {
            Once.Release();
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Passes(int number, string name)
    {
        var run = await SuiteRun();
        string expected = $"ok {number} - {name}";
        if (!run.Lines.Contains(expected))
        {
            string? actual = run.Lines.FirstOrDefault(line => line.EndsWith($" {number} - {name}", StringComparison.Ordinal)
                                                              || line.StartsWith($"not ok {number} ", StringComparison.Ordinal));
            BootAssert.Fail(run, actual != null ? $"TAP case failed: {actual}" : $"TAP case missing: {expected}");
        }
    }

    [Fact]
    public async Task PlanMatchesAndBootCompletes()
    {
        var run = await SuiteRun();
        BootAssert.LineStartingWith(run, $"1..{Cases.Count}");
        BootAssert.LineStartingWith(run, "lunix: ready");
        BootAssert.PoweredOffCleanly(run);
    }
}
