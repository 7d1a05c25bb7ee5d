using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The benchmark mode boots under -icount shift=0 and prints every figure the issues name. The
/// values are recorded in docs/perf.md, not asserted: this is not a timed test.
/// </summary>
[Collection(UefiBootCollection.Name)]
public sealed class BenchCommandTests(QemuFixture qemu, ITestOutputHelper output)
{
    private static readonly string[] Figures = ["frame_alloc_free", "map_unmap_4k", "vms_duplicate_per_mib", "copy_per_mib", "null_kernel_call", "sendrec_roundtrip", "notify_delivery", "hello_restart", "hello_live_update", "vm_demand_zero_fault"];

    [Fact]
    public async Task PrintsEveryFigure()
    {
        var (options, error) = BenchOptions.Parse([]);
        Assert.Null(error);
        var run = await qemu.BootAsync(options!.ToQemuOptions(qemu.IsoPath(ImageKind.Test)), TimeSpan.FromSeconds(BenchOptions.DefaultTimeoutSeconds), output);
        foreach (var figure in Figures)
        {
            var line = BootAssert.LineStartingWith(run, $"BENCH {figure} ");
            if (!System.Text.RegularExpressions.Regex.IsMatch(line, @"^BENCH \S+ \d+ \S+$"))
                BootAssert.Fail(run, $"malformed figure line: {line}");
        }
        BootAssert.PoweredOffCleanly(run);
    }
}
