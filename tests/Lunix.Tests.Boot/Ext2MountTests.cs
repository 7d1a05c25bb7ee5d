using System.Diagnostics;
using System.Security.Cryptography;
using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// An ext2 image mke2fs made on the host, attached as the IDE primary master (/dev/hda) and
/// mounted read-write from busybox's shell (`mount -t ext2`): its files read as on the host; files,
/// directories, hard and symbolic links, a move, removals and a truncation made from the shell;
/// unmounted. Then the host's e2fsck -fn finds the image clean and debugfs reads back exactly what
/// the shell wrote, and a second boot of the same image sees it and runs a program copied there. Damaged images mounted in the
/// guest give errors, never a panic or a hang: the shell goes on and powers off.
/// </summary>
[Collection(PosixCollection.Name)]
public sealed class Ext2MountTests(QemuFixture qemu, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(300);

    [Fact]
    public async Task AnExt2DiskIsWrittenFromTheShellAndKeptAcrossBoots()
    {
        string work = Directory.CreateTempSubdirectory("lunix-ext2mount-").FullName;
        string tree = Path.Combine(work, "tree");
        Directory.CreateDirectory(Path.Combine(tree, "sub"));
        var content = new byte[300_000];
        new Random(26).NextBytes(content);
        await File.WriteAllBytesAsync(Path.Combine(tree, "random.bin"), content);
        await File.WriteAllTextAsync(Path.Combine(tree, "hello.txt"), "hello from the host\n");
        await File.WriteAllTextAsync(Path.Combine(tree, "sub", "note.txt"), "a note\n");
        await File.WriteAllTextAsync(Path.Combine(tree, "gone.txt"), "removed in the guest\n");
        File.CreateSymbolicLink(Path.Combine(tree, "link"), "sub/note.txt");
        string image = Path.Combine(work, "disk.img");
        Run("mke2fs", $"-q -F -t ext2 -b 1024 -d {tree} {image} 16M");

        string first = "mkdir -p /mnt /proc; mount -t proc proc /proc; mount -t ext2 /dev/hda /mnt && echo mounted; "
                       + "md5sum /mnt/random.bin; cat /mnt/hello.txt /mnt/link; grep ext2 /proc/mounts; "
                       + "echo written in the guest > /mnt/new.txt; mkdir /mnt/newdir; mkdir /mnt/newdir/inner; ln /mnt/new.txt /mnt/newdir/hard; "
                       + "ln -s ../hello.txt /mnt/newdir/sym; mv /mnt/sub /mnt/newdir/moved; rm /mnt/gone.txt; "
                       + "dd if=/dev/null of=/mnt/random.bin bs=1 seek=1000; dd if=/dev/zero of=/mnt/zeros bs=4096 count=100; "
                       + "cat /mnt/newdir/sym; sync; umount /mnt && echo unmounted";
        var run = await Boot(image, first);
        BootAssert.LineStartingWith(run, "mounted");
        BootAssert.LineStartingWith(run, $"{Convert.ToHexStringLower(MD5.HashData(content))}  /mnt/random.bin");
        BootAssert.LineStartingWith(run, "a note");
        BootAssert.LineStartingWith(run, "/dev/hda /mnt ext2 rw");
        BootAssert.LineStartingWith(run, "unmounted");

        var (code, check, _) = Run("e2fsck", $"-fn {image}", allowFailure: true);
        Assert.True(code == 0, $"e2fsck -fn: exit {code}\n{check}\n{run.Transcript()}");
        Assert.Equal("written in the guest\n", Run("debugfs", $"-R \"cat /new.txt\" {image}").Output);
        Assert.Equal("written in the guest\n", Run("debugfs", $"-R \"cat /newdir/hard\" {image}").Output);
        Assert.Contains("Links: 2", Run("debugfs", $"-R \"stat /new.txt\" {image}").Output);
        Assert.Contains("Fast link dest: \"../hello.txt\"", Run("debugfs", $"-R \"stat /newdir/sym\" {image}").Output);
        Assert.Equal("a note\n", Run("debugfs", $"-R \"cat /newdir/moved/note.txt\" {image}").Output);
        Assert.Contains("Type: directory", Run("debugfs", $"-R \"stat /newdir/inner\" {image}").Output);
        Assert.Contains("File not found", Run("debugfs", $"-R \"stat /gone.txt\" {image}").Errors);
        Assert.Contains("File not found", Run("debugfs", $"-R \"stat /sub\" {image}").Errors);
        Assert.Contains("Size: 1000", Run("debugfs", $"-R \"stat /random.bin\" {image}").Output);
        Assert.Equal(content.AsSpan(0, 1000).ToArray(), Dump(image, "/random.bin", work));
        Assert.Equal(new byte[409_600], Dump(image, "/zeros", work));

        string second = "mkdir -p /mnt; mount -t ext2 /dev/hda /mnt && echo mounted again; cat /mnt/new.txt /mnt/newdir/moved/note.txt; "
                        + "ls /mnt/newdir; rm /mnt/zeros; cp /bin/busybox /mnt/echo; /mnt/echo ran from ext2; rm /mnt/echo; umount /mnt && echo unmounted again";
        run = await Boot(image, second);
        BootAssert.LineStartingWith(run, "mounted again");
        BootAssert.LineStartingWith(run, "written in the guest");
        BootAssert.LineStartingWith(run, "a note");
        BootAssert.LineContainingAll(run, "hard", "inner", "moved", "sym");
        BootAssert.LineStartingWith(run, "ran from ext2");
        BootAssert.LineStartingWith(run, "unmounted again");
        (code, check, _) = Run("e2fsck", $"-fn {image}", allowFailure: true);
        Assert.True(code == 0, $"e2fsck -fn after the second boot: exit {code}\n{check}");
    }

    // The periodic write-back: a file written and left alone for longer than its 5 seconds is on
    // the disk although nobody syncs or unmounts (the shell, init here, ends and the machine
    // powers off at once, as when its switch is pressed).
    [Fact]
    public async Task ChangesReachTheDiskWithinSecondsWithoutASync()
    {
        string work = Directory.CreateTempSubdirectory("lunix-ext2writeback-").FullName;
        string image = Path.Combine(work, "disk.img");
        Run("mke2fs", $"-q -F -t ext2 -b 1024 {image} 8M");
        var run = await Boot(image, "mkdir -p /mnt; mount -t ext2 /dev/hda /mnt && echo mounted; mkdir /mnt/kept; "
                                    + "dd if=/dev/urandom of=/mnt/kept/data bs=1024 count=300; md5sum /mnt/kept/data; echo not synced > /mnt/kept/late.txt; "
                                    + "sleep 7; echo waited");
        BootAssert.LineStartingWith(run, "mounted");
        BootAssert.LineStartingWith(run, "waited");
        string written = run.Lines.First(line => line.EndsWith("  /mnt/kept/data", StringComparison.Ordinal)).Split(' ')[0];
        Assert.Equal("not synced\n", Run("debugfs", $"-R \"cat /kept/late.txt\" {image}").Output);
        Assert.Equal(written, Convert.ToHexStringLower(MD5.HashData(Dump(image, "/kept/data", work))));
    }

    // Twelve damaged copies, three a boot (hda, hdb, hdd; hdc is the boot CD), each mounted,
    // listed, read and written to: errors, but the shell reaches its last line and powers off.
    [Fact]
    public async Task DamagedExt2DisksGiveErrorsNotPanics()
    {
        string work = Directory.CreateTempSubdirectory("lunix-ext2damage-").FullName;
        string tree = Path.Combine(work, "tree");
        Directory.CreateDirectory(Path.Combine(tree, "sub"));
        await File.WriteAllTextAsync(Path.Combine(tree, "hello.txt"), "hello\n");
        await File.WriteAllBytesAsync(Path.Combine(tree, "data.bin"), new byte[50_000]);
        await File.WriteAllTextAsync(Path.Combine(tree, "sub", "note.txt"), "note\n");
        string pristine = Path.Combine(work, "pristine.img");
        Run("mke2fs", $"-q -F -t ext2 -b 1024 -N 64 -d {tree} {pristine} 2M");
        byte[] clean = await File.ReadAllBytesAsync(pristine);
        int table = BitConverter.ToInt32(clean, 2048 + 8) * 1024;
        (int Start, int Length)[] targets = [(1024, 104), (2048, 32), (table, 16 * 256), (RootBlock(pristine) * 1024, 1024)];
        var random = new Random(2026);
        string[] slots = ["hda", "hdb", "hdd"];
        int[] indexes = [0, 1, 3];
        for (int boot = 0; boot < 4; boot++)
        {
            var drives = new List<string>();
            string commands = "mkdir -p /mnt; ";
            for (int d = 0; d < slots.Length; d++)
            {
                byte[] image = (byte[])clean.Clone();
                for (int flip = random.Next(1, 6); flip > 0; flip--)
                {
                    var (start, length) = targets[random.Next(targets.Length)];
                    image[start + random.Next(length)] = (byte)random.Next(256);
                }
                string path = Path.Combine(work, $"damaged-{boot}-{d}.img");
                await File.WriteAllBytesAsync(path, image);
                drives.AddRange(["-drive", $"file={QemuArguments.QuoteValue(path)},format=raw,if=ide,index={indexes[d]}"]);
                commands += $"mount -t ext2 /dev/{slots[d]} /mnt && echo mounted {slots[d]}; ls -lR /mnt; cat /mnt/hello.txt /mnt/sub/note.txt; "
                            + "echo new > /mnt/new; mkdir /mnt/dir; mv /mnt/hello.txt /mnt/dir/; rm /mnt/data.bin; umount /mnt; ";
            }
            commands += "echo survived";
            var options = new QemuOptions(qemu.IsoPath(ImageKind.Test), Headless: true, Firmware.Bios, "128M",
                $"poweroff test init=/bin/sh -- -c \"{commands}\"", ExtraArguments: drives);
            var run = await qemu.BootAsync(options, Timeout, output);
            BootAssert.PoweredOffCleanly(run);
            BootAssert.LineStartingWith(run, "survived");
        }
    }

    // The ATA driver by bus-master DMA (the default) and by PIO (ata.dma=0), its start line
    // saying which: a 1 MB file read, copied and its copy written back at unmount, the image
    // clean and the copy the same on the host.
    [Theory]
    [InlineData("", "DMA (Ultra DMA mode 5)")]
    [InlineData("ata.dma=0", "PIO (ata.dma=0)")]
    public async Task AnExt2DiskIsReadAndWrittenByDmaAndByPio(string ataOptions, string mode)
    {
        string work = Directory.CreateTempSubdirectory("lunix-ext2dma-").FullName;
        string tree = Path.Combine(work, "tree");
        Directory.CreateDirectory(tree);
        var content = new byte[1_000_000];
        new Random(27).NextBytes(content);
        await File.WriteAllBytesAsync(Path.Combine(tree, "random.bin"), content);
        string image = Path.Combine(work, "disk.img");
        Run("mke2fs", $"-q -F -t ext2 -b 4096 -d {tree} {image} 16M");
        var run = await Boot(image, "mkdir -p /mnt; mount -t ext2 /dev/hda /mnt && md5sum /mnt/random.bin; "
                                    + "cp /mnt/random.bin /mnt/copy.bin; umount /mnt && echo unmounted", ataOptions);
        BootAssert.LineStartingWith(run, $"ata: hda: disk, LBA48, sectors 32768, {mode}");
        BootAssert.LineStartingWith(run, $"{Convert.ToHexStringLower(MD5.HashData(content))}  /mnt/random.bin");
        BootAssert.LineStartingWith(run, "unmounted");
        var (code, check, _) = Run("e2fsck", $"-fn {image}", allowFailure: true);
        Assert.True(code == 0, $"e2fsck -fn: exit {code}\n{check}\n{run.Transcript()}");
        Assert.Equal(content, Dump(image, "/copy.bin", work));
    }

    private async Task<QemuRun> Boot(string image, string commands, string kernelOptions = "")
    {
        var options = new QemuOptions(qemu.IsoPath(ImageKind.Test), Headless: true, Firmware.Bios, "128M",
            $"{kernelOptions} poweroff test init=/bin/sh -- -c \"{commands}\"".TrimStart(),
            ExtraArguments: ["-drive", $"file={QemuArguments.QuoteValue(image)},format=raw,if=ide,index=0"]);
        var run = await qemu.BootAsync(options, Timeout, output);
        BootAssert.PoweredOffCleanly(run);
        return run;
    }

    // The root directory's first block, as debugfs lists it.
    private static int RootBlock(string image) => int.Parse(Run("debugfs", $"-R \"blocks /\" {image}").Output.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);

    private static byte[] Dump(string image, string path, string work)
    {
        string into = Path.Combine(work, "dump-" + Guid.NewGuid().ToString("N"));
        Run("debugfs", $"-R \"dump {path} {into}\" {image}");
        return File.ReadAllBytes(into);
    }

    internal static (int Code, string Output, string Errors) Run(string program, string arguments, bool allowFailure = false)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0 && !allowFailure) throw new InvalidOperationException($"{program} {arguments}: exit {process.ExitCode}\n{text}{error.Result}");
        return (process.ExitCode, text, error.Result);
    }
}
