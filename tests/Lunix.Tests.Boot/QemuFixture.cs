using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// Shared by every boot test: the two ISOs the solution build produced (the system image a user
/// boots, the test image with the test kernel and the in-guest suites' programs), the manifest
/// they were made from, and the rule that at most two QEMUs run at a time (the machine has two
/// cores and TCG keeps each one busy).
/// </summary>
public sealed class QemuFixture
{
    /// <summary>Static: xunit makes one fixture per collection, the limit is for the whole run.</summary>
    private static readonly SemaphoreSlim MachineSlots = new(2, 2);

    public string Root { get; } = "";

    public ProgramManifest? Manifest { get; }

    /// <summary>Why no test can boot (no checkout, no ISO, a bad manifest), else null.</summary>
    public string? Problem { get; }

    public QemuFixture()
    {
        // Building the ISOs is the solution build's job; a test run only checks they are there.
        if (RepositoryRoot.Find() is not { } root)
        {
            Problem = $"no {RepositoryRoot.MarkerFile} above {AppContext.BaseDirectory}";
            return;
        }
        Root = root;
        foreach (var image in new[] { ImageKind.System, ImageKind.Test })
            if (!File.Exists(IsoPath(image))) Problem = $"{IsoPath(image)} not found; build it first with: dotnet build Lunix.sln";
        Manifest = ManifestReader.Read(Path.Combine(root, ManifestReader.FileName), root, out var errors);
        if (Manifest == null) Problem = $"manifest.toml: {string.Join("; ", errors.Select(error => $"line {error.Line}: {error.Message}"))}";
    }

    public string IsoPath(ImageKind image) => RepositoryRoot.IsoPath(Root, image);

    /// <summary>Boots an image headless once the machine has a free slot; the time limit starts then.</summary>
    public Task<QemuRun> BootAsync(ImageKind image, Firmware firmware, string memory, string kernelCommandLine, TimeSpan timeout, ITestOutputHelper output)
    {
        if (Problem != null) Assert.Fail(Problem);
        return BootAsync(new QemuOptions(IsoPath(image), Headless: true, firmware, memory, kernelCommandLine), timeout, output);
    }

    /// <summary>Boots with options built by the caller (the bench command's, for instance).</summary>
    public async Task<QemuRun> BootAsync(QemuOptions options, TimeSpan timeout, ITestOutputHelper output)
    {
        if (Problem != null) Assert.Fail(Problem);
        var firmware = options.Firmware;
        var memory = options.Memory;
        var kernelCommandLine = options.KernelCommandLine;

        return await InMachineSlotAsync(() => QemuRunner.RunAsync(options, timeout),
                                        $"{Path.GetFileName(options.IsoPath)} {firmware} {memory} \"{kernelCommandLine}\"", output);
    }

    /// <summary>Boots a machine whose QEMU arguments the caller made (the Linux peer), once a slot is free.</summary>
    public Task<QemuRun> BootAsync(IReadOnlyList<string> arguments, string description, TimeSpan timeout, ITestOutputHelper output) =>
        InMachineSlotAsync(() => QemuRunner.RunAsync(arguments, timeout), description, output);

    private static async Task<QemuRun> InMachineSlotAsync(Func<Task<QemuRun>> boot, string description, ITestOutputHelper output)
    {
        await MachineSlots.WaitAsync();
        QemuRun run;
        try
        {
            run = await boot();
        }
        finally
        {
            MachineSlots.Release();
        }
        // The log itself goes into failure messages; here only what ran and how it ended.
        output.WriteLine($"{description}: {run.Lines.Count} serial lines, " +
                         $"qemu exit {run.ExitCode?.ToString() ?? "none"}, timed out {run.TimedOut}, crash seen {run.CrashSeen}");
        return run;
    }
}
