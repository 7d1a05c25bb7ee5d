using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// Linux programs on Lunix, as init (the kernel's init=PATH, PM's pid 1): a static musl program
/// from the root archive starts, writes through VFS, asks PM, and its exit status is reported.
/// </summary>
[Collection(PosixCollection.Name)]
public sealed class PosixBootTests(QemuFixture qemu, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AStaticMuslProgramRunsAsInit()
    {
        var run = await qemu.BootAsync(ImageKind.Test, Firmware.Bios, "128M", "poweroff test init=/tests/posix/smoke", Timeout, output);
        BootAssert.LineStartingWith(run, "1..4");
        for (int test = 1; test <= 4; test++) BootAssert.LineStartingWith(run, $"ok {test} - ");
        if (run.Lines.Any(line => line.StartsWith("not ok", StringComparison.Ordinal))) BootAssert.Fail(run, "a check failed");
        BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
        BootAssert.PoweredOffCleanly(run);
    }

    [Fact]
    public async Task WhatFollowsTwoDashesOnTheCommandLineIsInitsArguments()
    {
        // As Linux: `--` ends the options; the rest, split at spaces with quotes grouping, is argv[1...].
        var run = await qemu.BootAsync(ImageKind.Test, Firmware.Bios, "128M", "poweroff test init=/tests/posix/smoke -- one \"two words\" poweroff", Timeout, output);
        BootAssert.LineStartingWith(run, "# argv[1] = one");
        BootAssert.LineStartingWith(run, "# argv[2] = two words");
        BootAssert.LineStartingWith(run, "# argv[3] = poweroff");
        BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
        BootAssert.PoweredOffCleanly(run);
    }

    // The POSIX test programs of processes, signals and time as init: every check of the plan
    // passes and the program exits 0. They fork, exec themselves, sleep and wait for signals, so
    // they get more time than the smoke test; tap.h makes its scratch directory under /tmp.
    [Theory]
    [InlineData("pm_process", 15)]
    [InlineData("process", 15)]
    [InlineData("signals", 17)]
    [InlineData("time", 9)]
    public async Task APosixTestProgramPassesEveryCheckAsInit(string program, int checks)
    {
        var run = await qemu.BootAsync(ImageKind.Test, Firmware.Bios, "128M", $"poweroff test init=/tests/posix/{program}", TimeSpan.FromSeconds(180), output);
        EveryCheckPassed(run, checks);
        BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
        BootAssert.PoweredOffCleanly(run);
    }

    [Fact]
    public async Task InitPowersTheMachineOffWithReboot()
    {
        // No `poweroff` on the command line: the machine stops because init asked (reboot(2)),
        // after PM told VFS to sync; init never exits.
        var run = await qemu.BootAsync(ImageKind.Test, Firmware.Bios, "128M", "test init=/tests/posix/pm_reboot", Timeout, output);
        EveryCheckPassed(run, 3);
        BootAssert.LineStartingWith(run, "pm: reboot(2) by pid 1");
        if (run.Lines.Any(line => line.StartsWith("pm: init (pid 1) exited", StringComparison.Ordinal))) BootAssert.Fail(run, "init exited instead of powering off");
        BootAssert.PoweredOffCleanly(run);
    }

    [Fact]
    public async Task AThousandProcessesLiveAtOnceAndAForkBombIsRefused()
    {
        // tests/Hostile/process_limits as init: 1,000 children alive at once (PM has a record per
        // kernel slot; VFS needs as many), then a fork bomb as nobody under RLIMIT_NPROC 64
        // refused with EAGAIN and killed, and the program forking on.
        var run = await qemu.BootAsync(ImageKind.Test, Firmware.Bios, "256M", "poweroff test init=/tests/hostile/process_limits", TimeSpan.FromSeconds(240), output);
        EveryCheckPassed(run, 3);
        BootAssert.LineStartingWith(run, "ok 1 - 1000 children alive at once");
        BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
        BootAssert.PoweredOffCleanly(run);
    }

    // Seeded slices of the hostile campaigns (README: the full runs, a million calls and ten
    // thousand execs, have commands of their own): every call returns with a value or a Linux
    // errno; every corrupted program is refused, signalled or exits; the system powers off.
    // Seed 7 reaches a write of 2 GiB from a heap the fuzzer grew by brk (call 18,202), which
    // once took seconds of restarted copies in the RAM file system.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    public async Task TheSystemCallFuzzerGetsAnAnswerToEveryCall(int seed)
    {
        var run = await qemu.BootAsync(ImageKind.Test, Firmware.Bios, "256M", $"poweroff test init=/tests/hostile/syscall_fuzz -- 20000 {seed}",
                                       TimeSpan.FromSeconds(240), output);
        EveryCheckPassed(run, 2);
        BootAssert.LineStartingWith(run, $"ok 1 - 20000 calls returned (seed {seed})");
        BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
        BootAssert.PoweredOffCleanly(run);
    }

    [Fact]
    public async Task CorruptedProgramsAreRefusedSignalledOrRun()
    {
        var run = await qemu.BootAsync(ImageKind.Test, Firmware.Bios, "256M", "poweroff test init=/tests/hostile/exec_corrupt -- 300 1",
                                       TimeSpan.FromSeconds(240), output);
        EveryCheckPassed(run, 3);
        BootAssert.LineStartingWith(run, "ok 2 - 300 corrupted execs (seed 1)");
        BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
        BootAssert.PoweredOffCleanly(run);
    }

    // The plan `1..checks` and `ok N - ` for each N, with no `not ok` and no bail-out.
    private static void EveryCheckPassed(QemuRun run, int checks)
    {
        BootAssert.LineStartingWith(run, $"1..{checks}");
        for (int check = 1; check <= checks; check++) BootAssert.LineStartingWith(run, $"ok {check} - ");
        if (run.Lines.Any(line => line.StartsWith("not ok", StringComparison.Ordinal) || line.StartsWith("Bail out!", StringComparison.Ordinal)))
            BootAssert.Fail(run, "a check failed");
    }

    [Fact]
    public async Task AMissingInitIsReportedAndTheSystemGoesOn()
    {
        var run = await qemu.BootAsync(ImageKind.Test, Firmware.Bios, "128M", "poweroff test init=/sbin/nothing-here", Timeout, output);
        BootAssert.LineStartingWith(run, "pm: cannot start init /sbin/nothing-here: ENOENT");
        BootAssert.PoweredOffCleanly(run);
    }

    [Fact]
    public async Task AFileWithoutExecutePermissionIsRefusedAsInit()
    {
        // As Linux's execve: EACCES for a regular file no one may execute.
        var run = await qemu.BootAsync(ImageKind.Test, Firmware.Bios, "128M", "poweroff test init=/etc/passwd", Timeout, output);
        BootAssert.LineStartingWith(run, "pm: cannot start init /etc/passwd: EACCES");
        BootAssert.PoweredOffCleanly(run);
    }
}
