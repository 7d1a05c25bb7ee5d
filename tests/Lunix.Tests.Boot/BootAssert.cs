using System.Text.RegularExpressions;
using Lunix.Boot;

namespace Lunix.Tests.Boot;

/// <summary>Assertions on a boot; every failure message carries the whole serial log.</summary>
public static partial class BootAssert
{
    public static void Fail(QemuRun run, string what) => Assert.Fail($"{what}\n{run.Transcript()}");

    public static string LineStartingWith(QemuRun run, string prefix) =>
        run.Lines.FirstOrDefault(line => line.StartsWith(prefix, StringComparison.Ordinal))
        ?? FailWith(run, $"no line starting with '{prefix}'");

    /// <summary>The first line containing every word, ignoring case.</summary>
    public static string LineContainingAll(QemuRun run, params string[] words) =>
        run.Lines.FirstOrDefault(line => words.All(word => line.Contains(word, StringComparison.OrdinalIgnoreCase)))
        ?? FailWith(run, $"no line containing all of: {string.Join(", ", words.Select(w => $"'{w}'"))}");

    /// <summary>The kernel powered off through ACPI: QEMU exited 0 by itself.</summary>
    public static void PoweredOffCleanly(QemuRun run)
    {
        if (run.StartError != null) Fail(run, $"QEMU did not start: {run.StartError}");
        if (run.CrashSeen) Fail(run, "the kernel printed a crash report");
        if (run.TimedOut) Fail(run, "the guest was still running at the time limit (no poweroff)");
        if (run.ExitCode != 0) Fail(run, $"QEMU exited with status {run.ExitCode}, expected 0 (ACPI poweroff)");
        if (run.ToolExitStatus != BootExitStatus.Clean) Fail(run, $"the Boot tool would exit {run.ToolExitStatus}, expected 0");
    }

    /// <summary>The crash report: from its first line to the end of the log.</summary>
    public static IReadOnlyList<string> CrashReport(QemuRun run)
    {
        var start = run.Lines.ToList().FindIndex(SerialLine.IsCrashReport);
        if (start < 0) Fail(run, $"no line starting with '{SerialLine.CrashPrefix}'");
        return run.Lines.Skip(start).ToList();
    }

    /// <summary>Stack trace lines look like "  #3 ..."; one of them must name the method.</summary>
    public static void StackTraceNames(QemuRun run, IReadOnlyList<string> report, string method)
    {
        if (!report.Any(line => StackFrame().IsMatch(line) && line.Contains(method, StringComparison.Ordinal)))
            Fail(run, $"no stack trace line (\"  #<n> ...\") in the crash report names {method}");
    }

    private static string FailWith(QemuRun run, string what)
    {
        Fail(run, what);
        return ""; // not reached: Fail throws
    }

    [GeneratedRegex(@"^  #[0-9]+")]
    private static partial Regex StackFrame();
}
