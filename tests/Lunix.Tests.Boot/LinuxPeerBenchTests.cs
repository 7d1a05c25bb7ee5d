using System.Diagnostics;
using System.Text.RegularExpressions;
using Lunix.Boot;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// posixbench, the program both Lunix and its Linux peer run for the benchmarks: on the host (every
/// figure, in the Boot tool's order, no QEMU), and booted as /init of Debian's kernel under
/// -icount shift=0, as `bench --linux` does. The values are recorded in docs/perf.md, not asserted.
/// Fetching the kernel needs Debian's archive the first time: without it the test fails, saying so.
/// </summary>
[Collection(LinuxPeerCollection.Name)]
public sealed partial class LinuxPeerBenchTests(QemuFixture qemu, ITestOutputHelper output)
{
    /// <summary>The peer takes about 15 s alone; this leaves room for a machine busy with other boots.</summary>
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(150);

    [Fact]
    public void PosixBenchPrintsEveryFigureOnTheHost()
    {
        var posixbench = LinuxPeer.PosixBenchPath(qemu.Root);
        Assert.True(File.Exists(posixbench), $"{posixbench} not found; build it with: dotnet build Lunix.sln");
        var scratch = Directory.CreateTempSubdirectory("lunix-posixbench-");
        try
        {
            var start = new ProcessStartInfo(posixbench) { RedirectStandardOutput = true, UseShellExecute = false };
            start.ArgumentList.Add("--dir");
            start.ArgumentList.Add(scratch.FullName);
            using var process = Process.Start(start)!;
            var lines = process.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(process.WaitForExit(60_000), "posixbench still running after 60 s");
            var transcript = string.Join("\n", lines);
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{transcript}");
            Assert.Equal(PosixBenchFigures.Names, BenchFigure.ReadAll(lines).Select(figure => figure.Name));
            Assert.Contains("posixbench: done, 0 errors", lines);
            Assert.Empty(Directory.EnumerateFileSystemEntries(scratch.FullName));   // its files are gone
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task LinuxPeerPrintsEveryFigureTheDiskFiguresToo()
    {
        var (peer, error) = await LinuxPeer.PrepareAsync(qemu.Root, output.WriteLine);
        if (peer == null) Assert.Fail($"the Linux peer cannot boot: {error}");
        var (disk, diskError) = BenchDisk.CreateBoth("linux");
        Assert.True(disk != null, diskError);
        var run = await qemu.BootAsync(peer.QemuArguments(QemuOptions.DefaultMemory, disk), $"Linux peer {Path.GetFileName(peer.KernelPath)}", PeerTimeout, output);
        if (LinuxPeer.Failure(run, withDisk: true) is { } failure) BootAssert.Fail(run, failure);
        foreach (var name in PosixBenchFigures.Names.Concat(PosixBenchFigures.DiskNames))
        {
            var line = BootAssert.LineStartingWith(run, $"BENCH {name} ");
            if (!FigureLine().IsMatch(line)) BootAssert.Fail(run, $"malformed figure line: {line}");
        }
    }

    [GeneratedRegex(@"^BENCH \S+ [1-9][0-9]* instructions$")]
    private static partial Regex FigureLine();
}
