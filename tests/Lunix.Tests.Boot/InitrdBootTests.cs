using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// `run --initrd FILE`: a newc cpio archive handed over by QEMU's fw_cfg and unpacked by the RAM
/// file system over the root archive at boot. Here it brings a program of its own, which then
/// runs as init, and replaces a file the root archive has.
/// </summary>
[Collection(PosixCollection.Name)]
public sealed class InitrdBootTests(QemuFixture qemu, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task AProgramFromTheInitrdRunsAsInit()
    {
        var smoke = Path.Combine(qemu.Root, "iso", "build", "posix", "smoke");
        var archive = new NewcArchive();
        archive.AddDirectory("sbin", 0x1ED);
        archive.AddFile("sbin/smoke-from-initrd", 0x1ED, File.ReadAllBytes(smoke));
        var initrd = Path.Combine(Directory.CreateTempSubdirectory("lunix-initrd").FullName, "initrd.cpio");
        File.WriteAllBytes(initrd, archive.Finish());
        try
        {
            var options = new QemuOptions(qemu.IsoPath(ImageKind.Test), Headless: true, Firmware.Bios, "128M",
                                          "poweroff test init=/sbin/smoke-from-initrd", InitrdPath: initrd);
            var run = await qemu.BootAsync(options, Timeout, output);
            BootAssert.LineStartingWith(run, "1..4");
            if (run.Lines.Any(line => line.StartsWith("not ok", StringComparison.Ordinal))) BootAssert.Fail(run, "a check failed");
            BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
            BootAssert.PoweredOffCleanly(run);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(initrd)!, recursive: true);
        }
    }

    [Fact]
    public async Task WithoutTheInitrdThereIsNoSuchProgram()
    {
        var run = await qemu.BootAsync(ImageKind.Test, Firmware.Bios, "128M", "poweroff test init=/sbin/smoke-from-initrd", Timeout, output);
        BootAssert.LineStartingWith(run, "pm: cannot start init /sbin/smoke-from-initrd: ENOENT");
        BootAssert.PoweredOffCleanly(run);
    }
}
