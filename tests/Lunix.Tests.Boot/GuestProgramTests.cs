using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The differential tests' guest half: a POSIX test program (tests/Posix, the binary the host
/// half runs) or a shell suite (tests/Shell, under the root archive's busybox sh) boots as init
/// in the test image, works in /tmp, and must print its whole TAP plan with every case ok and
/// exit 0, as it does on the host Linux.
/// </summary>
[Collection(PosixCollection.Name)]
public sealed class GuestProgramTests(QemuFixture qemu, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(240);

    // What Lunix passes wholly today; a program joins the list when the personality has what it
    // asks for (docs/posix-tests.md says what each of the others waits for).
    public static readonly TheoryData<string> Passing = new()
    {
        "posix/smoke", "posix/shell_waits", "posix/vdso", "posix/misc", "posix/tty_termios", "posix/tty_jobs", "posix/futex", "posix/affinity", "shell/syntax", "shell/jobs", "shell/applets", "shell/proc",
    };

    // The programs about processors and waking, again on a machine of four: pinned to each
    // processor, one spinner on each at once, futex waiters woken from other processors.
    public static readonly TheoryData<string> OnFourProcessors = new() { "posix/affinity", "posix/futex", "posix/smoke" };

    [Theory]
    [MemberData(nameof(Passing))]
    public Task PassesOnLunixAsOnTheHost(string program) => Passes(program, cpus: 1);

    [Theory]
    [MemberData(nameof(OnFourProcessors))]
    public Task PassesOnFourProcessors(string program) => Passes(program, cpus: 4);

    private async Task Passes(string program, int cpus)
    {
        var options = new QemuOptions(qemu.IsoPath(ImageKind.Test), Headless: true, Firmware.Bios, "256M", $"poweroff test {InitOf(program)}", Cpus: cpus);
        var run = await qemu.BootAsync(options, Timeout, output);
        var plans = run.Lines.Where(line => line.StartsWith("1..", StringComparison.Ordinal)).ToList();
        if (plans.Count != 1 || !int.TryParse(plans[0][3..], out int planned)) { BootAssert.Fail(run, $"expected one TAP plan, saw {plans.Count}"); return; }
        var failed = run.Lines.Where(line => line.StartsWith("not ok", StringComparison.Ordinal)).ToList();
        if (failed.Count > 0) BootAssert.Fail(run, $"{failed.Count} of {planned} cases failed:\n{string.Join("\n", failed)}");
        // Counted by number: a line the kernel's log broke is printed again below the log (the
        // terminal's reprint, docs/posix.md), so one case's line may appear twice.
        int passed = run.Lines.Where(line => line.StartsWith("ok ", StringComparison.Ordinal)).Select(line => line.Split(' ')[1]).Distinct().Count();
        if (passed != planned) BootAssert.Fail(run, $"the plan promised {planned} cases, {passed} passed");
        BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
        BootAssert.PoweredOffCleanly(run);
    }

    // A C program gets its scratch directory as its argument, as on the host; a suite is busybox
    // sh's script, run once /proc is mounted as on the host (busybox re-runs itself through
    // /proc/self/exe, and the proc suite reads it).
    private static string InitOf(string program) =>
        program.StartsWith("shell/", StringComparison.Ordinal)
            ? $"init=/bin/sh -- -c \"mount -t proc proc /proc && exec /bin/sh /tests/shell/{program["shell/".Length..]}.sh\""
            : $"init=/tests/{program} -- /tmp";
}
