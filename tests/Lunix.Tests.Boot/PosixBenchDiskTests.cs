using System.Text.RegularExpressions;
using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// `bench`'s POSIX run on Lunix with the disk figures' volumes (<see cref="BenchDisk"/>): posixbench,
/// init of the test image under -icount shift=0, mounts the fresh ext2 image on /dev/hda, reads its
/// 16 MiB file twice, creates 1,000 files and syncs them, does the same on the AHCI disk /dev/sda,
/// then faults the ATA driver and times its
/// way back to serving a read. Every disk figure is printed, well-formed, with no error line, and the
/// machine powers off cleanly. The values go to docs/perf.md, not here: this is not a timed test.
/// </summary>
[Collection(UefiBootCollection.Name)]
public sealed partial class PosixBenchDiskTests(QemuFixture qemu, ITestOutputHelper output)
{
    [Fact]
    public async Task LunixPrintsEveryDiskFigure()
    {
        var (options, error) = BenchOptions.Parse([]);
        Assert.Null(error);
        var (disk, diskError) = BenchDisk.CreateBoth("lunix");
        Assert.True(disk != null, diskError);
        var run = await qemu.BootAsync(options!.ToPosixQemuOptions(qemu.IsoPath(ImageKind.Test), disk), TimeSpan.FromSeconds(BenchOptions.DefaultTimeoutSeconds), output);
        foreach (var name in PosixBenchFigures.DiskNames.Concat(PosixBenchFigures.LunixOnlyDiskNames))
        {
            var line = BootAssert.LineStartingWith(run, $"BENCH {name} ");
            if (!FigureLine().IsMatch(line)) BootAssert.Fail(run, $"malformed figure line: {line}");
        }
        Assert.DoesNotContain(run.Lines, line => line.StartsWith(PosixBenchFigures.ErrorPrefix, StringComparison.Ordinal));
        BootAssert.LineStartingWith(run, "rs: ata stopped by signal 11");
        BootAssert.PoweredOffCleanly(run);
    }

    [GeneratedRegex(@"^BENCH \S+ [1-9][0-9]* instructions$")]
    private static partial Regex FigureLine();
}
