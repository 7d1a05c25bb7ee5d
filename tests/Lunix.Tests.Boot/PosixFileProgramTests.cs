using System.Text.RegularExpressions;
using Lunix.Boot;
using Lunix.Manifest;
using Lunix.Tests.Posix;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The file-system programs of tests/Posix (fs_*.c, and the shared files, pipes and fdedge) as
/// init on Lunix: every TAP line they print is checked, the plan's cases each once, all `ok`.
/// A case may fail only where it waits on another server's work not landed yet (malloc through
/// VM's brk and mmap); such a case is reported as `# SKIP` with the reason, and only when its
/// failure says exactly that (its line and message), so a case failing for any other reason
/// fails the test. When the other work lands, the entry goes.
/// </summary>
[Collection(PosixCollection.Name)]
public sealed class PosixFileProgramTests(QemuFixture qemu, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(240);

    public static TheoryData<string> Programs() => new()
    {
        "fs_open", "fs_readwrite", "fs_stat", "fs_dirs", "fs_descriptors", "fs_pipe", "fs_poll", "fs_devices",
        "fs_attrs", "fs_mount", "fs_proc", "fs_proc_usage", "fs_cache", "fs_page_cache", "files", "pipes", "fdedge",
    };

    /// <summary>A case waiting on another server: why, and the failure message it gives meanwhile.</summary>
    private sealed record Waiting(string Reason, Regex Failure);

    private const string NeedsMalloc = "needs malloc: musl's opendir allocates through brk/mmap (VM, posix-memory)";

    private static readonly Dictionary<(string Program, int Case), Waiting> WaitingCases = new()
    {
        [("files", 10)] = new(NeedsMalloc, new(@"^line \d+: directory != NULL \(errno (5|12|38):")),
    };

    [Theory]
    [MemberData(nameof(Programs))]
    public async Task EveryCasePassesAsInit(string program)
    {
        var run = await qemu.BootAsync(ImageKind.Test, Firmware.Bios, "128M", $"poweroff test init=/tests/posix/{program}", Timeout, output);
        int skipped = CheckEveryCase(run, program, output);
        BootAssert.LineStartingWith(run, $"pm: init (pid 1) exited with status {(skipped == 0 ? 0 : 1)}");
        BootAssert.PoweredOffCleanly(run);
    }

    /// <summary>
    /// The program's TAP lines in the run: one plan, its cases each once, every one `ok` but the
    /// waiting cases (skipped: their count).
    /// </summary>
    internal static int CheckEveryCase(QemuRun run, string program, ITestOutputHelper output)
    {
        var plans = run.Lines.Select(TapLine.Plan).OfType<int>().ToList();
        if (plans.Count != 1) BootAssert.Fail(run, $"expected one TAP plan, saw {plans.Count}");
        var cases = run.Lines.Select(TapLine.Parse).OfType<TapLine>().ToList();
        var numbers = cases.Select(line => line.Number).ToList();
        if (!numbers.SequenceEqual(Enumerable.Range(1, plans[0])))
            BootAssert.Fail(run, $"the plan promised cases 1..{plans[0]}, the program printed {string.Join(",", numbers)}");
        var failures = new List<string>();
        int skipped = 0;
        foreach (var line in cases.Where(line => !line.Passed))
        {
            if (WaitingCases.TryGetValue((program, line.Number), out var waiting) && waiting.Failure.IsMatch(line.Why ?? ""))
            {
                output.WriteLine($"# SKIP {program} {line.Number} - {line.Name}: {waiting.Reason}");
                skipped++;
            }
            else failures.Add($"not ok {line.Number} - {line.Name} # {line.Why}");
        }
        if (failures.Count > 0) BootAssert.Fail(run, string.Join("\n", failures));
        return skipped;
    }
}
