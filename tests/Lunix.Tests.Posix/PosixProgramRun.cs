using System.ComponentModel;
using System.Diagnostics;

namespace Lunix.Tests.Posix;

/// <summary>
/// One run of a POSIX test program on the host, in a scratch directory of its own (its argument
/// and TMPDIR), with a time limit after which it and its children are killed.
/// </summary>
/// <param name="LeftBehind">What the program left in its scratch directory: it must clean up.</param>
/// <param name="Problem">Why the run could not be judged case by case (not built, not started, killed), else null.</param>
public sealed record PosixProgramRun(string Name, int ExitCode, IReadOnlyList<string> Lines, string Stderr, IReadOnlyList<string> LeftBehind, string? Problem)
{
    public IEnumerable<TapLine> Cases => Lines.Select(TapLine.Parse).OfType<TapLine>();

    /// <summary>A program to start: its binary, the arguments before the scratch directory, and a PATH (null: the host's).</summary>
    public sealed record Command(string Binary, IReadOnlyList<string> Arguments, string? Path, string? Missing = null);

    public static async Task<PosixProgramRun> RunAsync(string name, Command command, TimeSpan timeout)
    {
        if (!File.Exists(command.Binary))
            return Failed(name, $"{command.Binary} not found: " +
                          (command.Missing ?? "build it with dotnet build Lunix.sln (tests/Posix/Posix.csproj, which needs musl-gcc)"));
        var scratch = Directory.CreateTempSubdirectory($"lunix-posix-{name.Replace('/', '-')}-");
        try
        {
            return await RunInAsync(name, command, scratch.FullName, timeout);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private static async Task<PosixProgramRun> RunInAsync(string name, Command command, string scratch, TimeSpan timeout)
    {
        string binary = command.Binary;
        var start = new ProcessStartInfo(binary)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = scratch,
        };
        foreach (var argument in command.Arguments) start.ArgumentList.Add(argument);
        start.ArgumentList.Add(scratch);
        start.Environment["TMPDIR"] = scratch;
        if (command.Path != null) start.Environment["PATH"] = command.Path;
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return Failed(name, $"cannot start {binary}: {e.Message}");
        }
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        string? problem = null;
        var exited = process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(timeout)) != exited)
        {
            problem = $"still running after {timeout.TotalSeconds} s: killed";
            process.Kill(entireProcessTree: true);
        }
        await process.WaitForExitAsync();
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var leftBehind = Directory.EnumerateFileSystemEntries(scratch).Select(Path.GetFileName).ToList();
        return new PosixProgramRun(name, process.ExitCode, lines, await stderr, leftBehind!, problem);
    }

    private static PosixProgramRun Failed(string name, string problem) => new(name, -1, [], "", [], problem);

    /// <summary>Everything the program said, for failure messages.</summary>
    public string Transcript() =>
        $"--- {Name}: exit {ExitCode}{(Problem != null ? $", {Problem}" : "")} ---\n{string.Join("\n", Lines)}" +
        (Stderr.Length > 0 ? $"\n--- stderr ---\n{Stderr}" : "");
}
