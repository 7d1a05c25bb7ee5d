using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The file-system programs of tests/Posix run in a scratch directory on an ext2 volume
/// (FS_SCRATCH=/mnt) instead of the RAM root: every read of a block file system's file goes
/// through VFS's page cache in 64 KiB chunks, so reads, writes, truncation, renames, links and
/// mappings are checked against what the bytes must be there too. After the unmount the host's
/// e2fsck -fn finds the volume clean.
/// </summary>
[Collection(PosixCollection.Name)]
public sealed class Ext2FileProgramTests(QemuFixture qemu, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(300);

    public static TheoryData<string> Programs() => new() { "fs_page_cache", "fs_readwrite", "fs_dirs", "fs_attrs" };

    [Theory]
    [MemberData(nameof(Programs))]
    public async Task EveryCasePassesOnExt2(string program)
    {
        string work = Directory.CreateTempSubdirectory("lunix-ext2programs-").FullName;
        try
        {
            string image = Path.Combine(work, "disk.img");
            Ext2MountTests.Run("mke2fs", $"-q -F -t ext2 -b 4096 {image} 64M");
            string commands = $"mkdir -p /mnt; mount -t ext2 /dev/hda /mnt && FS_SCRATCH=/mnt /tests/posix/{program} && echo program passed; "
                              + "umount /mnt && echo unmounted";
            var options = new QemuOptions(qemu.IsoPath(ImageKind.Test), Headless: true, Firmware.Bios, "128M",
                $"poweroff test init=/bin/sh -- -c \"{commands}\"",
                ExtraArguments: ["-drive", $"file={QemuArguments.QuoteValue(image)},format=raw,if=ide,index=0"]);
            var run = await qemu.BootAsync(options, Timeout, output);
            PosixFileProgramTests.CheckEveryCase(run, program, output);
            BootAssert.LineStartingWith(run, "program passed");
            BootAssert.LineStartingWith(run, "unmounted");
            BootAssert.PoweredOffCleanly(run);
            var (code, check, _) = Ext2MountTests.Run("e2fsck", $"-fn {image}", allowFailure: true);
            Assert.True(code == 0, $"e2fsck -fn: exit {code}\n{check}\n{run.Transcript()}");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
