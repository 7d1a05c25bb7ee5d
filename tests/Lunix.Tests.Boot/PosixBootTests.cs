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
