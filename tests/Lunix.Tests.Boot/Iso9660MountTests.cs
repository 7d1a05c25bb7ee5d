using System.Security.Cryptography;
using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// A CD made on the host by xorriso with Rock Ridge and Joliet, attached as the IDE secondary
/// slave (/dev/hdd), mounted from busybox's shell with `mount -t iso9660`: VFS resolves the block
/// special file to the ATA driver and its minor and hands them to the ISO9660 server, which reads
/// the medium itself. Its files read as on the host (bytes, a long name, a symlink, a deep path),
/// /proc/mounts shows it read-only, a change is refused with EROFS, umount ends it, and a source
/// that is no block device is refused with ENOTBLK.
/// </summary>
[Collection(PosixCollection.Name)]
public sealed class Iso9660MountTests(QemuFixture qemu, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(240);
    private const string LongName = "a-file-name-longer-than-iso9660-allows-kept-by-rock-ridge.txt";

    [Fact]
    public async Task ACdIsMountedAndReadsAsOnTheHost()
    {
        string tree = Directory.CreateTempSubdirectory("lunix-isomount-").FullName;
        var content = new byte[700_000];
        new Random(16).NextBytes(content);
        await File.WriteAllBytesAsync(Path.Combine(tree, "random.bin"), content);
        await File.WriteAllTextAsync(Path.Combine(tree, LongName), "rock ridge keeps this name\n");
        string deep = Path.Combine(tree, "d1", "d2", "d3", "d4", "d5", "d6", "d7", "d8", "d9");
        Directory.CreateDirectory(deep);
        await File.WriteAllTextAsync(Path.Combine(deep, "bottom.txt"), "nine levels down\n");
        File.CreateSymbolicLink(Path.Combine(tree, "link"), "d1/d2/d3/d4/d5/d6/d7/d8/d9/bottom.txt");
        string iso = Path.Combine(Directory.CreateTempSubdirectory("lunix-isomount-cd-").FullName, "cd.iso");
        var xorriso = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("xorriso", ["-as", "mkisofs", "-quiet", "-R", "-J", "-o", iso, tree])
                                                      { RedirectStandardError = true })!;
        await xorriso.WaitForExitAsync();
        Assert.Equal(0, xorriso.ExitCode);

        string commands = "mkdir -p /mnt /proc; mount -t proc proc /proc; mount -t iso9660 /dev/null /mnt; mount -t iso9660 /dev/hdd /mnt && echo mounted; "
                          + "md5sum /mnt/random.bin; cat /mnt/" + LongName + "; cat /mnt/link; readlink /mnt/link; "
                          + "grep iso9660 /proc/mounts; touch /mnt/new; umount /mnt && echo unmounted; ls /mnt/random.bin";
        var options = new QemuOptions(qemu.IsoPath(ImageKind.Test), Headless: true, Firmware.Bios, "128M",
            $"poweroff test init=/bin/sh -- -c \"{commands}\"",
            ExtraArguments: ["-drive", $"file={QemuArguments.QuoteValue(iso)},format=raw,if=ide,index=3,media=cdrom"]);
        var run = await qemu.BootAsync(options, Timeout, output);
        BootAssert.PoweredOffCleanly(run);
        BootAssert.LineContainingAll(run, "/dev/null", "Block device required");
        BootAssert.LineStartingWith(run, "mounted");
        BootAssert.LineStartingWith(run, $"{Convert.ToHexStringLower(MD5.HashData(content))}  /mnt/random.bin");
        BootAssert.LineStartingWith(run, "rock ridge keeps this name");
        BootAssert.LineStartingWith(run, "nine levels down");
        BootAssert.LineStartingWith(run, "d1/d2/d3/d4/d5/d6/d7/d8/d9/bottom.txt");
        BootAssert.LineStartingWith(run, "/dev/hdd /mnt iso9660 ro");
        BootAssert.LineContainingAll(run, "/mnt/new", "Read-only file system");
        BootAssert.LineStartingWith(run, "unmounted");
        BootAssert.LineContainingAll(run, "/mnt/random.bin", "No such file or directory");
    }
}
