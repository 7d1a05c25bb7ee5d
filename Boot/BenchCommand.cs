using Lunix.Manifest;

namespace Lunix.Boot;

/// <summary>
/// `bench`: boots the test image under `-icount shift=0` twice at once, in the kernel's benchmark
/// mode (IPC and memory figures) and with posixbench as init (the POSIX figures, the same static
/// program the Linux peer runs), and prints the guest's figures, one `BENCH name value unit` line
/// each, for docs/perf.md and scripts. With --linux it boots the Linux peer instead
/// (<see cref="LinuxPeerBench"/>); with --compare all three at once, printed side by side
/// (<see cref="BenchTable"/>).
/// </summary>
public static class BenchCommand
{
    public const string FigurePrefix = "BENCH ";

    public static async Task<int> ExecuteAsync(IReadOnlyList<string> arguments)
    {
        var (options, error) = BenchOptions.Parse(arguments);
        if (options == null)
        {
            Console.Error.WriteLine($"lunix-boot: bench: {error}");
            Console.Error.WriteLine(BenchOptions.Usage);
            return BootExitStatus.Usage;
        }

        // Lines go out as they arrive, so a long run shows its figures before it ends.
        Action<string> print = line =>
        {
            if (options.Machine.Verbose || IsFigure(line)) Console.Out.WriteLine(line);
        };
        switch (options.Systems)
        {
            case BenchSystems.Lunix:
                return (await RunLunixAsync(options, print)).Status;
            case BenchSystems.Linux:
                return (await LinuxPeerBench.RunAsync(options, print)).Status;
            default:
                return await CompareAsync(options);
        }
    }

    public static bool IsFigure(string line) => line.StartsWith(FigurePrefix, StringComparison.Ordinal);

    /// <summary>Both machines at once (the machine has two cores); the table once both are done.</summary>
    private static async Task<int> CompareAsync(BenchOptions options)
    {
        Action<string> Serial(string system) => line =>
        {
            if (options.Machine.Verbose) Console.Out.WriteLine($"[{system}] {line}");
        };
        var lunix = RunLunixAsync(options, Serial("lunix"));
        var linux = LinuxPeerBench.RunAsync(options, Serial("linux"));
        await Task.WhenAll(lunix, linux);
        Console.Out.WriteLine(BenchTable.Header);
        var rows = BenchTable.SideBySide(BenchFigure.ReadAll(lunix.Result.Lines), BenchFigure.ReadAll(linux.Result.Run?.Lines ?? []));
        foreach (var row in rows) Console.Out.WriteLine(row);
        return BootExitStatus.Worst(lunix.Result.Status, linux.Result.Status);
    }

    /// <summary>
    /// Lunix's test image, in benchmark mode and with posixbench as init: both runs' serial lines
    /// (empty when nothing could boot) and the worse exit status. A figure posixbench could not
    /// measure (a call Lunix does not have yet) is reported on stderr and left out; it fails the
    /// run only when posixbench printed no figure at all.
    /// </summary>
    private static async Task<(IReadOnlyList<string> Lines, int Status)> RunLunixAsync(BenchOptions options, Action<string> onLine)
    {
        if (BootableIso.FindOrExplain(ImageKind.Test) is not { } iso) return ([], BootExitStatus.Failed);
        var timeout = TimeSpan.FromSeconds(options.Machine.TimeoutSeconds);
        var (disk, diskError) = BenchDisk.CreateBoth("lunix");
        if (diskError != null) Console.Error.WriteLine($"lunix-boot: bench: no disk figures: {diskError}");
        var kernel = QemuRunner.RunAsync(options.ToQemuOptions(iso), timeout, onLine);
        var posix = QemuRunner.RunAsync(options.ToPosixQemuOptions(iso, disk), timeout, onLine);
        await Task.WhenAll(kernel, posix);
        foreach (var line in posix.Result.Lines.Where(line => line.StartsWith(PosixBenchFigures.ErrorPrefix, StringComparison.Ordinal)))
            Console.Error.WriteLine($"lunix-boot: bench: {line}");
        return ([.. kernel.Result.Lines, .. posix.Result.Lines], BootExitStatus.Worst(Report(kernel.Result, options), Report(posix.Result, options)));
    }

    /// <summary>The exit status, with the reason for any failure on stderr.</summary>
    private static int Report(QemuRun run, BenchOptions options)
    {
        if (run.StartError != null) Console.Error.WriteLine($"lunix-boot: {run.StartError}");
        foreach (var message in run.QemuMessages) Console.Error.WriteLine(message);
        var status = run.ToolExitStatus;
        if (run.CrashSeen)
        {
            Console.Error.WriteLine("lunix-boot: bench: kernel crash report seen");
            // Without --verbose the report was not shown, and a rerun under -icount is slow.
            if (!options.Machine.Verbose)
                foreach (var line in run.Lines.SkipWhile(line => !SerialLine.IsCrashReport(line))) Console.Error.WriteLine(line);
        }
        else if (run.TimedOut) Console.Error.WriteLine($"lunix-boot: bench: timeout after {options.Machine.TimeoutSeconds} s (try a longer --timeout)");
        else if (run.ExitCode is { } code and not 0) Console.Error.WriteLine($"lunix-boot: bench: qemu exited with status {code}");
        else if (status == BootExitStatus.Clean && !run.Lines.Any(IsFigure))
        {
            Console.Error.WriteLine($"lunix-boot: bench: the guest powered off without printing a '{FigurePrefix.Trim()}' line");
            // A kernel without benchmark mode rejects the option by name: show it that line.
            foreach (var line in run.Lines.Where(MentionsBench)) Console.Error.WriteLine($"  guest: {line}");
            return BootExitStatus.Failed;
        }
        return status;
    }

    private static bool MentionsBench(string line) =>
        !IsFigure(line) && line.Contains("bench", StringComparison.OrdinalIgnoreCase);
}
