using Lunix.Boot;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// Shared by every boot test: the one ISO the solution build produced, and the rule that at
/// most two QEMUs run at a time (the machine has two cores and TCG keeps each one busy).
/// </summary>
public sealed class QemuFixture
{
    /// <summary>Static: xunit makes one fixture per collection, the limit is for the whole run.</summary>
    private static readonly SemaphoreSlim MachineSlots = new(2, 2);

    public string IsoPath { get; } = "";

    /// <summary>Why no test can boot (no checkout, no ISO), else null.</summary>
    public string? Problem { get; }

    public QemuFixture()
    {
        // Building the ISO is the solution build's job; a test run only checks it is there.
        if (RepositoryRoot.Find() is not { } root)
        {
            Problem = $"no {RepositoryRoot.MarkerFile} above {AppContext.BaseDirectory}";
            return;
        }
        IsoPath = RepositoryRoot.IsoPath(root);
        if (!File.Exists(IsoPath)) Problem = $"{IsoPath} not found; build it first with: dotnet build Lunix.sln";
    }

    /// <summary>Boots headless once the machine has a free slot; the time limit starts then.</summary>
    public Task<QemuRun> BootAsync(Firmware firmware, string memory, string kernelCommandLine, TimeSpan timeout, ITestOutputHelper output)
    {
        if (Problem != null) Assert.Fail(Problem);
        return BootAsync(new QemuOptions(IsoPath, Headless: true, firmware, memory, kernelCommandLine), timeout, output);
    }

    /// <summary>Boots with options built by the caller (the bench command's, for instance).</summary>
    public async Task<QemuRun> BootAsync(QemuOptions options, TimeSpan timeout, ITestOutputHelper output)
    {
        if (Problem != null) Assert.Fail(Problem);
        var firmware = options.Firmware;
        var memory = options.Memory;
        var kernelCommandLine = options.KernelCommandLine;

        await MachineSlots.WaitAsync();
        QemuRun run;
        try
        {
            run = await QemuRunner.RunAsync(options, timeout);
        }
        finally
        {
            MachineSlots.Release();
        }
        // The log itself goes into failure messages; here only what ran and how it ended.
        output.WriteLine($"{firmware} {memory} \"{kernelCommandLine}\": {run.Lines.Count} serial lines, " +
                         $"qemu exit {run.ExitCode?.ToString() ?? "none"}, timed out {run.TimedOut}, crash seen {run.CrashSeen}");
        return run;
    }
}
