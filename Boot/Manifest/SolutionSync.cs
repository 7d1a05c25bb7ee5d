using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Lunix.Manifest;

/// <summary>
/// Keeps Lunix.sln listing every program of the manifest, so that a new program is a folder and a
/// manifest entry and nothing else: the build adds what is missing with `dotnet sln add`, in a
/// solution folder named like the project's parent folder, and restores it (`dotnet restore`):
/// the solution's own restore ran before the project was in it, and the Boot project is about to
/// build it. Nothing is removed: a program taken out of the manifest goes with its folder, by hand.
/// </summary>
public static partial class SolutionSync
{
    /// <summary>The manifest's projects the solution lacks, relative to the root with '/'.</summary>
    public static List<string> Missing(ProgramManifest manifest, string solutionText)
    {
        var listed = SolutionProject().Matches(solutionText).Select(match => match.Groups[1].Value.Replace('\\', '/')).ToHashSet();
        return manifest.Programs.Select(program => program.Project).Distinct().Where(project => !listed.Contains(project)).ToList();
    }

    /// <summary>Adds the missing projects; returns the error of the first `dotnet sln add` that failed, else null.</summary>
    public static string? Add(string root, string solution, IEnumerable<string> projects)
    {
        foreach (var project in projects)
        {
            string folder = Path.GetDirectoryName(Path.GetDirectoryName(project))!.Replace('\\', '/');
            if (Dotnet(root, "sln", solution, "add", "--solution-folder", folder, project) is { } added) return added;
            if (Dotnet(root, "restore", project) is { } restored) return restored;
            Console.WriteLine($"lunix-manifest: added {project} to {solution} (from manifest.toml)");
        }
        return null;
    }

    /// <summary>Runs `dotnet` with the arguments in the root; null, or what it said when it failed.</summary>
    private static string? Dotnet(string root, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : $"dotnet {string.Join(' ', arguments)}: {(error.Result + output).Trim()}";
    }

    [GeneratedRegex("\"([^\"]+\\.csproj)\"")]
    private static partial Regex SolutionProject();
}
