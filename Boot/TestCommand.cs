using Lunix.Manifest;

namespace Lunix.Boot;

/// <summary>
/// `test`: boots the test image in one in-guest suite's test mode and prints its TAP lines, so a
/// suite can be run and judged without the xunit boot tests (scripts, CI, a quick check by hand).
/// The suite must be one of manifest.toml's; its own kernel options (faultinject's
/// rs.backoff=off) are added.
/// </summary>
public static class TestCommand
{
    public static async Task<int> ExecuteAsync(IReadOnlyList<string> arguments)
    {
        var (options, error) = TestOptions.Parse(arguments);
        if (options == null)
        {
            Console.Error.WriteLine($"lunix-boot: test: {error}");
            Console.Error.WriteLine(TestOptions.Usage);
            return BootExitStatus.Usage;
        }

        if (BootableIso.FindOrExplain(ImageKind.Test) is not { } iso) return BootExitStatus.Failed;
        if (RepositoryRoot.ReadManifest(RepositoryRoot.Find()!) is not { } manifest) return BootExitStatus.Failed;
        if (manifest.Suites.FirstOrDefault(suite => suite.Name == options.Suite) is not { } declared)
        {
            Console.Error.WriteLine($"lunix-boot: test: no suite '{options.Suite}'; suites: {string.Join(", ", manifest.Suites.Select(suite => suite.Name))}");
            return BootExitStatus.Usage;
        }

        var machine = options.Machine;
        // typeOnRequest: a suite that needs keys typed (tty) asks on its console, and gets them.
        var run = await QemuRunner.RunAsync(options.ToQemuOptions(iso, declared.Options), TimeSpan.FromSeconds(machine.TimeoutSeconds), line =>
        {
            if (machine.Verbose || TapReport.IsTapLine(line)) Console.Out.WriteLine(line);
        }, typeOnRequest: true);
        return Report(run, options);
    }

    /// <summary>The exit status, with the reason for any failure on stderr.</summary>
    private static int Report(QemuRun run, TestOptions options)
    {
        var prefix = $"lunix-boot: test {options.Suite}:";
        if (run.StartError != null) Console.Error.WriteLine($"lunix-boot: {run.StartError}");
        foreach (var message in run.QemuMessages) Console.Error.WriteLine(message);
        var status = run.ToolExitStatus;
        if (run.CrashSeen)
        {
            Console.Error.WriteLine($"{prefix} kernel crash report seen");
            // Without --verbose the report was not shown; it is what the reader needs next.
            if (!options.Machine.Verbose)
                foreach (var line in run.Lines.SkipWhile(line => !SerialLine.IsCrashReport(line))) Console.Error.WriteLine(line);
        }
        else if (run.TimedOut) Console.Error.WriteLine($"{prefix} timeout after {options.Machine.TimeoutSeconds} s");
        else if (run.ExitCode is { } code and not 0) Console.Error.WriteLine($"{prefix} qemu exited with status {code}");
        else if (status == BootExitStatus.Clean && TapReport.Failure(run.Lines) is { } failure)
        {
            Console.Error.WriteLine($"{prefix} {failure}");
            // The runner reports a suite it cannot run on the console: show those lines.
            foreach (var line in run.Lines.Where(line => !TapReport.IsTapLine(line) && line.Contains("suite", StringComparison.OrdinalIgnoreCase)))
                Console.Error.WriteLine($"  guest: {line}");
            return BootExitStatus.Failed;
        }
        return status;
    }
}
