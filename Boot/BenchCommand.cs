using Lunix.Manifest;

namespace Lunix.Boot;

/// <summary>
/// `bench`: boots the test image in the kernel's benchmark mode under `-icount shift=0` and prints the
/// guest's figures, one `BENCH name value unit` line each, for docs/perf.md and scripts.
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

        if (BootableIso.FindOrExplain(ImageKind.Test) is not { } iso) return BootExitStatus.Failed;

        // Lines go out as they arrive, so a long run shows its figures before it ends.
        var run = await QemuRunner.RunAsync(options.ToQemuOptions(iso), TimeSpan.FromSeconds(options.Machine.TimeoutSeconds), line =>
        {
            if (options.Machine.Verbose || IsFigure(line)) Console.Out.WriteLine(line);
        });
        return Report(run, options);
    }

    public static bool IsFigure(string line) => line.StartsWith(FigurePrefix, StringComparison.Ordinal);

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
