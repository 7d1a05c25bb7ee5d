using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The POSIX personality's servers replaced while programs use them: tests/Recovery/live_update.sh
/// as init has RS live-update PM, VFS and the RAM file system three times each (`service update`)
/// while its jobs write a file, feed a pipe and wait on a FIFO, then checks that nothing was lost.
/// </summary>
[Collection(PosixCollection.Name)]
public sealed class PosixLiveUpdateTests(QemuFixture qemu, ITestOutputHelper output)
{
    [Fact]
    public async Task PmVfsAndTheRamFileSystemAreLiveUpdatedWhileAShellScriptRuns()
    {
        var run = await qemu.BootAsync(ImageKind.Test, Firmware.Bios, "256M",
            "poweroff test init=/bin/sh -- -c \"mount -t proc proc /proc && exec /bin/sh /tests/recovery/live_update.sh\"", TimeSpan.FromSeconds(240), output);
        BootAssert.LineStartingWith(run, "1..12");
        for (int check = 1; check <= 12; check++) BootAssert.LineStartingWith(run, $"ok {check} - ");
        if (run.Lines.Any(line => line.StartsWith("not ok", StringComparison.Ordinal))) BootAssert.Fail(run, "a check failed");
        foreach (string server in new[] { "pm", "vfs", "ramfs" })
        {
            int updates = run.Lines.Count(line => line == $"rs: {server} updated to its new version");
            if (updates != 3) BootAssert.Fail(run, $"RS reported {updates} live updates of {server}, not 3");
        }
        BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
        BootAssert.PoweredOffCleanly(run);
    }
}
