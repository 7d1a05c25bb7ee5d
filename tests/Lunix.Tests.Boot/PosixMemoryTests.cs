using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The memory calls of Linux programs, which VM serves (Servers/Vm/PosixMemory*.cs): the C test
/// programs tests/Posix/vm_*.c run as init, and every line of their TAP must be ok, as on the
/// host Linux. Two of them need calls other servers give (fork, open): until those are there,
/// they say so with a TAP skip, and vm_segv then ends itself by its own fault, which PM must
/// report as SIGSEGV. And busybox, glibc's static program, gets past its start-up (brk for its
/// TLS block, mprotect for RELRO) to print its help.
/// </summary>
[Collection(PosixCollection.Name)]
public sealed class PosixMemoryTests(QemuFixture qemu, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("vm_brk")]
    [InlineData("vm_mmap")]
    [InlineData("vm_mprotect")]
    [InlineData("vm_remap")]
    public async Task EveryCheckPasses(string program)
    {
        var run = await RunAsInit(program);
        RequireAllOk(run);
        BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
        RequireNoFault(run);
        BootAssert.PoweredOffCleanly(run);
    }

    // Needs fork (PM): skipped, saying so, until PM has it.
    [Fact]
    public async Task MemoryAcrossForkPassesOnceThereIsFork()
    {
        var run = await RunAsInit("vm_fork");
        if (!IsSkipped(run, "fork is not there yet")) RequireAllOk(run);
        BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
        RequireNoFault(run);
        BootAssert.PoweredOffCleanly(run);
    }

    // mmap of a file: VM has VFS read its bytes (MapRead, both ways by SENDA).
    [Fact]
    public async Task FileMappingsShowTheFilesBytes()
    {
        var run = await RunAsInit("vm_filemap");
        RequireAllOk(run);
        BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
        RequireNoFault(run);
        BootAssert.PoweredOffCleanly(run);
    }

    // A touch of PROT_NONE memory: VM refuses the fault, the kernel reports it and signals PM,
    // which ends the process with SIGSEGV. With fork, children make the touches and the parent
    // checks how they ended; without, init touches its own page and dies of it.
    [Fact]
    public async Task AForbiddenTouchEndsTheProcessWithSigsegv()
    {
        var run = await RunAsInit("vm_segv");
        if (run.Lines.Any(line => line.StartsWith("# fork is not there yet", StringComparison.Ordinal)))
        {
            BootAssert.LineStartingWith(run, "1..1");
            BootAssert.LineStartingWith(run, "ok 1 - ");
            BootAssert.LineContainingAll(run, "vm_segv", "stopped", "page fault");
            BootAssert.LineStartingWith(run, "pm: vm_segv (pid 1) killed by signal 11");
            BootAssert.LineStartingWith(run, "pm: init (pid 1) was killed by signal 11");
        }
        else
        {
            RequireAllOk(run);
            BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
        }
        BootAssert.PoweredOffCleanly(run);
    }

    // busybox with no arguments prints its help and exits 0; before VM answered brk it stopped
    // at glibc's "Cannot allocate TLS block".
    [Fact]
    public async Task BusyboxGetsPastItsStartUpAndPrintsItsHelp()
    {
        var run = await qemu.BootAsync(ImageKind.Test, Firmware.Bios, "128M", "poweroff test init=/bin/busybox", Timeout, output);
        BootAssert.LineStartingWith(run, "BusyBox v1.35.0");
        BootAssert.LineStartingWith(run, "Usage: busybox [function [arguments]...]");
        BootAssert.LineStartingWith(run, "Currently defined functions:");
        BootAssert.LineContainingAll(run, "whoami", "xargs", "zcat");
        if (run.Lines.Any(line => line.Contains("Fatal glibc error", StringComparison.Ordinal))) BootAssert.Fail(run, "glibc's start-up failed");
        BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
        RequireNoFault(run);
        BootAssert.PoweredOffCleanly(run);
    }

    private Task<QemuRun> RunAsInit(string program) =>
        qemu.BootAsync(ImageKind.Test, Firmware.Bios, "128M", $"poweroff test init=/tests/posix/{program}", Timeout, output);

    // The plan `1..N` and `ok 1` to `ok N`, no `not ok`.
    private static void RequireAllOk(QemuRun run)
    {
        string plan = BootAssert.LineStartingWith(run, "1..");
        if (!int.TryParse(plan.AsSpan(3), out int count) || count <= 0) BootAssert.Fail(run, $"not a plan of checks: '{plan}'");
        for (int check = 1; check <= count; check++) BootAssert.LineStartingWith(run, $"ok {check} - ");
        string? failed = run.Lines.FirstOrDefault(line => line.StartsWith("not ok", StringComparison.Ordinal));
        if (failed != null) BootAssert.Fail(run, $"a check failed: {failed}");
    }

    private static bool IsSkipped(QemuRun run, string reason) =>
        run.Lines.Any(line => line.StartsWith("1..0 # SKIP " + reason, StringComparison.Ordinal));

    // No ring-3 fault report: every page fault of the program was VM's to resolve.
    private static void RequireNoFault(QemuRun run)
    {
        string? stopped = run.Lines.FirstOrDefault(line => line.StartsWith("lunix: process", StringComparison.Ordinal) && line.Contains("stopped", StringComparison.Ordinal));
        if (stopped != null) BootAssert.Fail(run, $"a process faulted: {stopped}");
    }
}
