using System.Diagnostics;
using System.Security.Cryptography;
using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The filter driver (Drivers/Storage/Filter, docs/architecture.md "The filter driver"): /dev/fbd
/// over an IDE disk with a checksum for every sector, laid out in groups of 127 data sectors and
/// one checksum sector. Checked against this test's own reading of the layout: what the guest
/// writes lands where the layout says with the checksums it says; a sector corrupted on the host
/// is reported and its read fails, never returning the bad bytes; with a mirror the good copy is
/// returned and the bad one rewritten; a long copy survives the disk driver and the filter
/// itself being faulted or restarted by RS in the middle; an ext2 volume works through it.
/// </summary>
[Collection(PosixCollection.Name)]
public sealed class FilterDriverTests(QemuFixture qemu, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(300);
    private const int DiskBytes = 8 * 1024 * 1024, Sector = 512, DataPerGroup = 127, GroupSectors = 128;
    private const int PatternBytes = 4 * 1024 * 1024;

    private static readonly uint ZeroSector = Crc32(new byte[Sector]);

    private static long DiskSector(long data) => data / DataPerGroup * GroupSectors + data % DataPerGroup;
    private static long ChecksumSector(long data) => data / DataPerGroup * GroupSectors + DataPerGroup;

    // zlib's CRC-32, written out here so that the test does not share the driver's.
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
        }
        return ~crc;
    }

    private static byte[] Pattern(int seed)
    {
        var data = new byte[PatternBytes];
        new Random(seed).NextBytes(data);
        return data;
    }

    // The filter device's bytes on `disk`: its data sectors in order, the checksum sectors left out.
    private static byte[] Unfiltered(byte[] disk, int bytes)
    {
        var data = new byte[bytes];
        for (long s = 0; s < bytes / Sector; s++) disk.AsSpan((int)(DiskSector(s) * Sector), Sector).CopyTo(data.AsSpan((int)(s * Sector)));
        return data;
    }

    // A disk as the filter would have written `data` onto it.
    private static byte[] Filtered(byte[] data)
    {
        var disk = new byte[DiskBytes];
        for (long s = 0; s < data.Length / Sector; s++)
        {
            var sector = data.AsSpan((int)(s * Sector), Sector);
            sector.CopyTo(disk.AsSpan((int)(DiskSector(s) * Sector)));
            BitConverter.TryWriteBytes(disk.AsSpan((int)(ChecksumSector(s) * Sector + s % DataPerGroup * 4)), Crc32(sector) ^ ZeroSector);
        }
        return disk;
    }

    private static string Md5(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    private static string TempFile(string name) => Path.Combine(Directory.CreateTempSubdirectory("lunix-filter-").FullName, name);

    private async Task<QemuRun> Boot(string filterOptions, string commands, params string[] disks)
    {
        var drives = new List<string>();
        for (int i = 0; i < disks.Length; i++) drives.AddRange(["-drive", $"file={QemuArguments.QuoteValue(disks[i])},format=raw,if=ide,index={i}"]);
        var options = new QemuOptions(qemu.IsoPath(ImageKind.Test), Headless: true, Firmware.Bios, "128M",
            $"poweroff test {filterOptions} init=/bin/sh -- -c \"{commands}\"", ExtraArguments: drives);
        var run = await qemu.BootAsync(options, Timeout, output);
        BootAssert.PoweredOffCleanly(run);
        return run;
    }

    [Fact]
    public async Task WritesLandWithTheirChecksumsAndReadBack()
    {
        byte[] pattern = Pattern(31);
        string disk = TempFile("disk.img"), source = TempFile("source.img");
        await File.WriteAllBytesAsync(disk, new byte[DiskBytes]);
        await File.WriteAllBytesAsync(source, pattern);
        var run = await Boot("filter.disk=hda", "dd if=/dev/hdb of=/dev/fbd bs=65536; dd if=/dev/fbd bs=65536 count=64 | md5sum; blockdev --getsize64 /dev/fbd", disk, source);
        BootAssert.LineStartingWith(run, $"{Md5(pattern)}  -");
        BootAssert.LineStartingWith(run, $"{(long)DiskBytes / Sector / GroupSectors * DataPerGroup * Sector}");
        byte[] written = await File.ReadAllBytesAsync(disk);
        Assert.True(Filtered(pattern).AsSpan().SequenceEqual(written), "the disk's sectors or checksums are not where the layout puts them");
    }

    [Fact]
    public async Task ACorruptedSectorIsReportedAndNeverReturned()
    {
        byte[] pattern = Pattern(32);
        byte[] image = Filtered(pattern);
        image[DiskSector(300) * Sector + 17] ^= 0x40;
        string disk = TempFile("disk.img");
        await File.WriteAllBytesAsync(disk, image);
        var run = await Boot("filter.disk=hda", "dd if=/dev/fbd bs=512 count=300 | md5sum; dd if=/dev/fbd of=/tmp/bad bs=512 skip=299 count=3; md5sum /dev/fbd", disk);
        BootAssert.LineStartingWith(run, $"{Md5(pattern.AsSpan(0, 300 * Sector))}  -");
        BootAssert.LineStartingWith(run, $"filter: sector 300 (hda sector {DiskSector(300)}): checksum mismatch: EIO");
        BootAssert.LineContainingAll(run, "dd:", "/dev/fbd", "Input/output error");
        BootAssert.LineContainingAll(run, "md5sum:", "/dev/fbd", "Input/output error");
        Assert.DoesNotContain(run.Lines, line => line.StartsWith($"{Md5(pattern)}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheMirrorServesACorruptedSectorAndRepairsIt()
    {
        byte[] pattern = Pattern(33);
        byte[] good = Filtered(pattern), bad = (byte[])good.Clone();
        bad[DiskSector(1000) * Sector] ^= 0xFF;
        string disk = TempFile("disk.img"), mirror = TempFile("mirror.img");
        await File.WriteAllBytesAsync(disk, bad);
        await File.WriteAllBytesAsync(mirror, good);
        var run = await Boot("filter.disk=hda filter.mirror=hdb", "dd if=/dev/fbd bs=65536 count=64 | md5sum", disk, mirror);
        BootAssert.LineStartingWith(run, $"{Md5(pattern)}  -");
        BootAssert.LineStartingWith(run, $"filter: sector 1000 (hda sector {DiskSector(1000)}): checksum mismatch: read from the mirror, and repaired");
        byte[] after = await File.ReadAllBytesAsync(disk);
        Assert.True(good.AsSpan().SequenceEqual(after), "the bad copy was not rewritten");
    }

    // The filter between a file system and its disk: an ext2 volume made on the host, laid onto
    // the disk as the filter lays data, mounted from /dev/fbd, read and written; the volume taken
    // back off the disk after the unmount is clean for e2fsck and holds what the guest wrote.
    [Fact]
    public async Task AnExt2VolumeWorksThroughTheFilter()
    {
        string tree = Directory.CreateTempSubdirectory("lunix-filter-tree-").FullName;
        await File.WriteAllTextAsync(Path.Combine(tree, "hello.txt"), "hello through the filter\n");
        string volume = TempFile("volume.img");
        Assert.Equal(0, Host("mke2fs", $"-q -F -t ext2 -b 1024 -d {tree} {volume} 4M").Code);
        string disk = TempFile("disk.img");
        byte[] laid = Filtered(await File.ReadAllBytesAsync(volume));
        await File.WriteAllBytesAsync(disk, laid);
        var run = await Boot("filter.disk=hda", "mkdir -p /mnt; mount -t ext2 /dev/fbd /mnt; cat /mnt/hello.txt; echo written through the filter > /mnt/new.txt; " +
                                                "mkdir /mnt/dir; umount /mnt", disk);
        BootAssert.LineStartingWith(run, "hello through the filter");
        await File.WriteAllBytesAsync(volume, Unfiltered(await File.ReadAllBytesAsync(disk), 4 << 20));
        var (code, check) = Host("e2fsck", $"-fn {volume}");
        Assert.True(code == 0, $"e2fsck -fn: exit {code}\n{check}\n{run.Transcript()}");
        Assert.Equal("written through the filter\n", Host("debugfs", $"-R \"cat /new.txt\" {volume}").Output);
    }

    // A host program's exit code and standard output (its standard error, debugfs's banner, dropped).
    private static (int Code, string Output) Host(string program, string arguments)
    {
        var start = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        _ = errors.Result;
        return (process.ExitCode, output);
    }

    // A crash between two requests (SEF takes the injected fault between messages) or a restart
    // by RS, which may end a driver in the middle of one, of the disk driver beneath the filter
    // or of the filter itself, while a 4 MiB copy goes through it: the copy completes, and the
    // disk holds it with its checksums.
    [Theory]
    [InlineData("fault ata null-write", "rs: ata stopped by signal 11")]
    [InlineData("restart ata", "rs: ata is up again, restart 1")]
    [InlineData("fault filter null-write", "rs: filter stopped by signal 11")]
    [InlineData("restart filter", "rs: filter is up again, restart 1")]
    public async Task ACopySurvivesADriverGoingDown(string service, string report)
    {
        byte[] pattern = Pattern(34);
        string disk = TempFile("disk.img"), source = TempFile("source.img");
        await File.WriteAllBytesAsync(disk, new byte[DiskBytes]);
        await File.WriteAllBytesAsync(source, pattern);
        var run = await Boot("filter.disk=hda", $"(sleep 1; service {service}) & dd if=/dev/hdb of=/dev/fbd bs=65536; wait; dd if=/dev/fbd bs=65536 count=64 | md5sum", disk, source);
        BootAssert.LineStartingWith(run, report);
        BootAssert.LineStartingWith(run, "64+0 records out");
        BootAssert.LineStartingWith(run, $"{Md5(pattern)}  -");
        byte[] written = await File.ReadAllBytesAsync(disk);
        Assert.True(Filtered(pattern).AsSpan().SequenceEqual(written), "the disk does not hold the copy with its checksums");
    }
}
