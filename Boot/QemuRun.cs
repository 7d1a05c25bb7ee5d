namespace Lunix.Boot;

/// <summary>What happened in one headless QEMU run.</summary>
/// <param name="ExitCode">QEMU's exit status; null when it could not be started.</param>
/// <param name="Lines">The guest's serial output, one cleaned line each.</param>
/// <param name="QemuMessages">QEMU's own stderr (bad option, missing file, killed by signal).</param>
/// <param name="TimedOut">The run hit its time limit and QEMU was killed.</param>
/// <param name="CrashSeen">A line starting with "lunix: crash:" appeared.</param>
/// <param name="StartError">Why QEMU could not be started, else null.</param>
/// <param name="RawOutput">The serial output as it came, escapes, "\r\n" and backspaces kept (an echo's exact bytes).</param>
public sealed record QemuRun(
    int? ExitCode,
    IReadOnlyList<string> Lines,
    IReadOnlyList<string> QemuMessages,
    bool TimedOut,
    bool CrashSeen,
    string? StartError = null,
    string RawOutput = "")
{
    public static QemuRun NotStarted(string error) => new(null, [], [], false, false, error);

    /// <summary>
    /// The Boot tool's exit status for this run: 0 clean poweroff (QEMU exited 0), 1 crash
    /// report or QEMU failure, 2 timeout. A crash wins over a timeout: it is the better reason.
    /// </summary>
    public int ToolExitStatus =>
        CrashSeen || StartError != null ? BootExitStatus.Failed
        : TimedOut ? BootExitStatus.TimedOut
        : ExitCode == 0 ? BootExitStatus.Clean
        : BootExitStatus.Failed;

    /// <summary>The whole log, serial lines then QEMU's messages, for failure reports.</summary>
    public string Transcript()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"--- serial log ({Lines.Count} lines) ---");
        foreach (var line in Lines) text.AppendLine(line);
        if (QemuMessages.Count > 0)
        {
            text.AppendLine("--- qemu stderr ---");
            foreach (var line in QemuMessages) text.AppendLine(line);
        }
        if (StartError != null) text.AppendLine($"--- qemu not started: {StartError}");
        text.Append($"--- qemu exit code: {ExitCode?.ToString() ?? "none"}, timed out: {TimedOut}, crash seen: {CrashSeen}");
        return text.ToString();
    }
}
