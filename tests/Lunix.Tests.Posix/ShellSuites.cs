namespace Lunix.Tests.Posix;

/// <summary>
/// The shell suites (tests/Shell/*.sh, tap.sh being their shared TAP functions) as the host runs
/// them: `busybox sh SUITE SCRATCH` with Debian's busybox, the binary Lunix's root archive
/// carries, and a PATH of one link per applet, so every command a suite runs is busybox's as
/// on Lunix and not the host's coreutils.
/// </summary>
public static class ShellSuites
{
    public const string Prefix = "shell/";

    public static IReadOnlyList<string> Names { get; } =
        Directory.GetFiles(Path.Combine(PosixPrograms.Root, "tests", "Shell"), "*.sh").Select(Path.GetFileNameWithoutExtension)
            .Where(name => name != "tap").Order(StringComparer.Ordinal).ToList()!;

    private static readonly Lazy<string> AppletDirectory = new(MakeAppletDirectory);

    public static PosixProgramRun.Command CommandOf(string root, string suite)
    {
        string busybox = Busybox(root);
        string script = Path.Combine(root, "tests", "Shell", suite + ".sh");
        string missing = "build the Boot project (dotnet build Boot), which fetches Debian's busybox-static";
        if (!File.Exists(busybox)) return new PosixProgramRun.Command(busybox, [], null, missing);
        return new PosixProgramRun.Command(busybox, ["sh", script], AppletDirectory.Value, missing);
    }

    private static string Busybox(string root) => Path.Combine(root, "iso", "build", "userland", "bin", "busybox");

    // A directory of links named after busybox's applets, made once per test process.
    private static string MakeAppletDirectory()
    {
        string busybox = Busybox(PosixPrograms.Root);
        var directory = Directory.CreateTempSubdirectory("lunix-busybox-applets-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
        var list = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(busybox, "--list") { RedirectStandardOutput = true })!;
        foreach (var applet in list.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries))
            File.CreateSymbolicLink(Path.Combine(directory, applet), busybox);
        list.WaitForExit();
        return directory;
    }
}
