using System.Security.Cryptography;
using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// Disks and CDs on an AHCI controller (Drivers/Storage/Ahci, docs/architecture.md "The block
/// layer"), attached as the Boot tool's `--disk FILE,ahci[,cdrom]` attaches them (QEMU's pc machine
/// with an ICH9 AHCI controller added under BIOS, q35's own under UEFI): a seeded random disk with
/// an MBR partition read in the guest through /dev/sda and /dev/sda1 and compared with the host's
/// checksums, then written at unaligned offsets and by a copy of 1 MiB, checked on the host image
/// after poweroff; under the I/O APIC and under the legacy PIC; an ISO made by xorriso on an AHCI
/// CD drive mounted with `mount -t iso9660 /dev/sr0`; the AHCI driver restarted or crashed in the
/// middle of a 4 MiB copy; the boot medium on AHCI mounted at /media/boot by /etc/rc.
/// </summary>
[Collection(PosixCollection.Name)]
public sealed class AhciDeviceTests(QemuFixture qemu, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(300);
    private const int DiskBytes = 8 * 1024 * 1024;
    private static readonly (int Start, int Sectors) Sda1 = (2048, 4096);

    private static byte[] Disk(int seed)
    {
        var data = new byte[DiskBytes];
        new Random(seed).NextBytes(data);
        Array.Clear(data, 446, 64);
        data[446 + 4] = 0x83;
        BitConverter.TryWriteBytes(data.AsSpan(446 + 8), Sda1.Start);
        BitConverter.TryWriteBytes(data.AsSpan(446 + 12), Sda1.Sectors);
        data[510] = 0x55;
        data[511] = 0xAA;
        return data;
    }

    private static string Md5(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    private static string TempFile(string name) => Path.Combine(Directory.CreateTempSubdirectory("lunix-ahci-").FullName, name);

    private async Task<QemuRun> Boot(Firmware firmware, string commands, IReadOnlyList<Disk> disks, string options = "")
    {
        var machine = new QemuOptions(qemu.IsoPath(ImageKind.Test), Headless: true, firmware, "128M",
            $"poweroff test {options} init=/bin/sh -- -c \"{commands}\"", Disks: disks);
        var run = await qemu.BootAsync(machine, Timeout, output);
        BootAssert.PoweredOffCleanly(run);
        return run;
    }

    [Theory]
    [InlineData(Firmware.Bios, "")]
    [InlineData(Firmware.Bios, "noapic")]
    [InlineData(Firmware.Uefi, "")]
    public async Task AnAhciDiskReadsAndWritesThroughSda(Firmware firmware, string options)
    {
        byte[] disk = Disk(31);
        string image = TempFile("disk.img");
        await File.WriteAllBytesAsync(image, disk);
        var run = await Boot(firmware, "md5sum /dev/sda /dev/sda1; ls -l /dev/sda; " +
                                       "printf LUNIX | dd of=/dev/sda bs=1 seek=1000510 conv=notrunc; " +
                                       "dd if=/dev/sda of=/dev/sda bs=1000 skip=100 seek=5001 count=1000 conv=notrunc",
                             [new Disk(image, DiskController.Ahci)], options);
        BootAssert.LineStartingWith(run, "ahci: port 0: disk, LBA48, sectors 16384");
        BootAssert.LineStartingWith(run, $"{Md5(disk)}  /dev/sda");
        BootAssert.LineStartingWith(run, $"{Md5(disk.AsSpan(Sda1.Start * 512, Sda1.Sectors * 512))}  /dev/sda1");
        BootAssert.LineContainingAll(run, "brw-rw----", "8,   0", "/dev/sda");
        byte[] after = await File.ReadAllBytesAsync(image);
        Assert.Equal("LUNIX"u8.ToArray(), after.AsSpan(1000510, 5).ToArray());
        "LUNIX"u8.CopyTo(disk.AsSpan(1000510));
        Assert.True(disk.AsSpan(100_000, 1_000_000).SequenceEqual(after.AsSpan(5_001_000, 1_000_000)), "the copied range differs");
        Assert.True(disk.AsSpan(0, 1000510).SequenceEqual(after.AsSpan(0, 1000510)), "bytes before the first write changed");
        Assert.True(disk.AsSpan(6_001_000).SequenceEqual(after.AsSpan(6_001_000)), "bytes after the copy changed");
    }

    [Theory]
    [InlineData(Firmware.Bios)]
    [InlineData(Firmware.Uefi)]
    public async Task AnIsoOnAnAhciCdIsMountedAndReadsAsOnTheHost(Firmware firmware)
    {
        string tree = Directory.CreateTempSubdirectory("lunix-ahci-cd-").FullName;
        var content = new byte[700_000];
        new Random(32).NextBytes(content);
        await File.WriteAllBytesAsync(Path.Combine(tree, "random.bin"), content);
        await File.WriteAllTextAsync(Path.Combine(tree, "a-long-rock-ridge-name.txt"), "on an AHCI CD\n");
        string iso = TempFile("cd.iso");
        var xorriso = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("xorriso", ["-as", "mkisofs", "-quiet", "-R", "-J", "-o", iso, tree])
                                                      { RedirectStandardError = true })!;
        await xorriso.WaitForExitAsync();
        Assert.Equal(0, xorriso.ExitCode);
        // Port 0 comes before the boot CD's port 2 (UEFI's q35), so the CD is sr0 on both machines.
        var run = await Boot(firmware, "mkdir -p /mnt /proc; mount -t proc proc /proc; mount -t iso9660 /dev/sr0 /mnt && echo mounted; " +
                                       "md5sum /mnt/random.bin; cat /mnt/a-long-rock-ridge-name.txt; grep sr0 /proc/mounts; " +
                                       "dd if=/dev/zero of=/dev/sr0 count=1; umount /mnt && echo unmounted",
                             [new Disk(iso, DiskController.Ahci, DiskKind.Cdrom)]);
        BootAssert.LineStartingWith(run, "ahci: port 0: CD drive");
        BootAssert.LineStartingWith(run, "mounted");
        BootAssert.LineStartingWith(run, $"{Md5(content)}  /mnt/random.bin");
        BootAssert.LineStartingWith(run, "on an AHCI CD");
        BootAssert.LineStartingWith(run, "/dev/sr0 /mnt iso9660 ro");
        BootAssert.LineContainingAll(run, "/dev/sr0", "Read-only file system");
        BootAssert.LineStartingWith(run, "unmounted");
    }

    // RS restarts the driver, or it crashes and RS brings it back, while dd copies 4 MiB from the
    // disk's first half to its second: VFS finds the new instance, opens again and sends again.
    [Theory]
    [InlineData("restart ahci", "rs: ahci is up again, restart 1")]
    [InlineData("fault ahci null-write", "rs: ahci stopped by signal 11")]
    public async Task ALargeCopySurvivesTheAhciDriverGoingDown(string service, string report)
    {
        byte[] disk = Disk(33);
        string image = TempFile("disk.img");
        await File.WriteAllBytesAsync(image, disk);
        var run = await Boot(Firmware.Bios, $"(sleep 1; service {service}) & dd if=/dev/sda of=/dev/sda bs=65536 seek=64 count=64 conv=notrunc; " +
                                             "wait; md5sum /dev/sda",
                             [new Disk(image, DiskController.Ahci)]);
        BootAssert.LineStartingWith(run, report);
        Array.Copy(disk, 0, disk, DiskBytes / 2, DiskBytes / 2);
        BootAssert.LineStartingWith(run, $"{Md5(disk)}  /dev/sda");
        Assert.Equal(Md5(disk), Md5(await File.ReadAllBytesAsync(image)));
    }

    // Under UEFI the ISO is q35's CD, on AHCI port 2: /etc/rc finds it as sr0.
    [Fact]
    public async Task TheBootCdOnAhciIsMountedAtMediaBoot()
    {
        await using var machine = await qemu.StartSessionAsync(ImageKind.System, "test", output, "128M", Firmware.Uefi);
        var timeout = TimeSpan.FromSeconds(150);
        await machine.PromptAsync("root@lunix:/# ", timeout);
        await machine.TypeAsync("grep /media/boot /proc/mounts; grep -c menuentry /media/boot/boot/grub/grub.cfg\r");
        await machine.LineAsync("/dev/sr0 /media/boot iso9660 ro 0 0", timeout);
        await machine.TypeAsync("poweroff\r");
        var run = await machine.FinishAsync(timeout);
        BootAssert.LineContainingAll(run, "ahci: port 2: CD drive");
        BootAssert.PoweredOffCleanly(run);
    }
}
