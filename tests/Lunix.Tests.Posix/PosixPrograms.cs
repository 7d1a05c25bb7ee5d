namespace Lunix.Tests.Posix;

/// <summary>
/// The POSIX test programs: one per tests/Posix/*.c, built by tests/Posix/Posix.csproj into
/// iso/build/posix/&lt;name&gt;, and the shell suites, one per tests/Shell/*.sh (named
/// shell/&lt;suite&gt;), run by Debian's busybox, the very binary the root archive carries
/// (iso/build/userland/bin/busybox, fetched by the Boot build). Each runs once per test process
/// (the first to ask runs it), so the theory data and the cases read the same run.
/// </summary>
public static class PosixPrograms
{
    /// <summary>Generous: the slowest program needs about two seconds on the host.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public static string Root { get; } = FindRoot();

    /// <summary>The programs' names, from their sources, so a program that was not built still shows.</summary>
    public static IReadOnlyList<string> Names { get; } =
        Directory.GetFiles(Path.Combine(Root, "tests", "Posix"), "*.c").Select(Path.GetFileNameWithoutExtension)
            .Concat(ShellSuites.Names.Select(suite => ShellSuites.Prefix + suite))
            .Order(StringComparer.Ordinal).ToList()!;

    public static string BinaryPath(string name) => Path.Combine(Root, "iso", "build", "posix", name);

    /// <summary>How to start one program: a C program by itself, a shell suite under busybox sh.</summary>
    private static PosixProgramRun.Command CommandOf(string name) =>
        name.StartsWith(ShellSuites.Prefix, StringComparison.Ordinal)
            ? ShellSuites.CommandOf(Root, name[ShellSuites.Prefix.Length..])
            : new PosixProgramRun.Command(BinaryPath(name), [], null);

    private static readonly Dictionary<string, Task<PosixProgramRun>> Runs = new();

    public static Task<PosixProgramRun> Run(string name)
    {
        lock (Runs)
        {
            if (!Runs.TryGetValue(name, out var run))
            {
                run = Task.Run(() => PosixProgramRun.RunAsync(name, CommandOf(name), Timeout));
                Runs[name] = run;
            }
            return run;
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "Lunix.sln"))) return directory.FullName;
        throw new InvalidOperationException($"no Lunix.sln above {AppContext.BaseDirectory}");
    }
}
