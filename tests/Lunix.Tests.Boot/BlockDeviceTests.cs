using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// Block special files over the ATA driver (Drivers/Storage/Ata, docs/architecture.md "The block
/// layer"): a seeded random raw image whose MBR, extended and logical partitions this test writes,
/// attached to QEMU's IDE controller as the primary master (hda; the ISO is the secondary
/// master CD), read in the guest by busybox and compared with the host's checksums of the same
/// byte ranges; written at unaligned offsets in the guest and read back here after poweroff; a
/// table whose extended chain loops refused; the driver crashed by RS's fault injection in the
/// middle of a long read; an ISO made by xorriso read as an IDE CD (hdd).
/// </summary>
[Collection(PosixCollection.Name)]
public sealed class BlockDeviceTests(QemuFixture qemu, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(240);
    private const int DiskBytes = 8 * 1024 * 1024;

    // Partitions in 512-byte sectors: hda1, the extended hda2 and in it hda5 and hda6.
    private static readonly (int Start, int Sectors) Hda1 = (2048, 4096), Extended = (6144, 8192);
    private static readonly (int Start, int Sectors) Hda5 = (6144 + 2048, 2048), Hda6 = (6144 + 4096 + 1024, 2048);

    private static byte[] Disk(int seed, bool loop = false)
    {
        var data = new byte[DiskBytes];
        new Random(seed).NextBytes(data);
        Table(data, 0, [(0x83, Hda1.Start, Hda1.Sectors), (0x05, Extended.Start, Extended.Sectors)]);
        // Each extended boot record: its logical partition (relative to itself), the link to the
        // next (relative to the extended partition); the second links back to the first when `loop`.
        Table(data, Extended.Start, [(0x83, 2048, 2048), (0x05, 4096, 4096)]);
        Table(data, Extended.Start + 4096, loop ? [(0x83, 1024, 2048), (0x05, 0, 4096)] : [(0x83, 1024, 2048)]);
        return data;
    }

    private static void Table(byte[] disk, int sector, (byte Type, int Start, int Sectors)[] entries)
    {
        int at = sector * 512;
        Array.Clear(disk, at + 446, 64);
        for (int i = 0; i < entries.Length; i++)
        {
            disk[at + 446 + 16 * i + 4] = entries[i].Type;
            BitConverter.TryWriteBytes(disk.AsSpan(at + 446 + 16 * i + 8), entries[i].Start);
            BitConverter.TryWriteBytes(disk.AsSpan(at + 446 + 16 * i + 12), entries[i].Sectors);
        }
        disk[at + 510] = 0x55;
        disk[at + 511] = 0xAA;
    }

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

    private static string Md5(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));
    private static ReadOnlySpan<byte> Sectors(byte[] disk, (int Start, int Sectors) part) => disk.AsSpan(part.Start * 512, part.Sectors * 512);

    // `trace`, a file for QEMU's own account of its IDE emulation's ATAPI reads (the
    // ide_atapi_cmd_read trace event: "read dma" or "read pio" for each READ command).
    private async Task<QemuRun> Boot(string image, string commands, string? cdrom = null, string kernelOptions = "", string? trace = null)
    {
        var drives = new List<string> { "-drive", $"file={QemuArguments.QuoteValue(image)},format=raw,if=ide,index=0" };
        if (cdrom != null) drives.AddRange(["-drive", $"file={QemuArguments.QuoteValue(cdrom)},format=raw,if=ide,index=3,media=cdrom"]);
        if (trace != null) drives.AddRange(["-trace", $"ide_atapi_cmd_read,file={QemuArguments.QuoteValue(trace)}"]);
        var options = new QemuOptions(qemu.IsoPath(ImageKind.Test), Headless: true, Firmware.Bios, "128M",
            $"{kernelOptions} poweroff test init=/bin/sh -- -c \"{commands}\"".TrimStart(), ExtraArguments: drives);
        var run = await qemu.BootAsync(options, Timeout, output);
        BootAssert.PoweredOffCleanly(run);
        return run;
    }

    private static string TempFile(string name) => Path.Combine(Directory.CreateTempSubdirectory("lunix-block-").FullName, name);

    [Fact]
    public async Task TheDiskAndItsPartitionsReadAsOnTheHost()
    {
        byte[] disk = Disk(16);
        string image = TempFile("disk.img");
        await File.WriteAllBytesAsync(image, disk);
        var run = await Boot(image, "md5sum /dev/hda /dev/hda1 /dev/hda5 /dev/hda6; ls -l /dev/hda; cat /dev/hdb");
        BootAssert.LineStartingWith(run, $"{Md5(disk)}  /dev/hda");
        BootAssert.LineStartingWith(run, $"{Md5(Sectors(disk, Hda1))}  /dev/hda1");
        BootAssert.LineStartingWith(run, $"{Md5(Sectors(disk, Hda5))}  /dev/hda5");
        BootAssert.LineStartingWith(run, $"{Md5(Sectors(disk, Hda6))}  /dev/hda6");
        BootAssert.LineContainingAll(run, "brw-rw----", "3,   0", "/dev/hda");
        BootAssert.LineContainingAll(run, "/dev/hdb", "No such device or address");
        BootAssert.LineStartingWith(run, "ata: hda: disk, LBA48, sectors 16384, DMA (Ultra DMA mode 5)");
    }

    // The same reads and writes by bus-master DMA (the default), by PIO (ata.dma=0), and by DMA
    // again after a bad value, which is reported with the valid ones: the start line says which
    // the disk uses, so a DMA that silently fell back to PIO fails the test.
    [Theory]
    [InlineData("", "DMA (Ultra DMA mode 5)")]
    [InlineData("ata.dma=0", "PIO (ata.dma=0)")]
    [InlineData("ata.dma=2", "DMA (Ultra DMA mode 5)")]
    public async Task ReadsAndWritesAreTheSameByDmaAndByPio(string options, string mode)
    {
        byte[] disk = new byte[DiskBytes];
        new Random(24).NextBytes(disk);
        string image = TempFile("disk.img");
        await File.WriteAllBytesAsync(image, disk);
        // 1.5 MB from one place of the disk to another in 100 KiB blocks (the driver's 64 KiB
        // chunks and their remainders), neither on a 64 KiB boundary, then the whole disk read.
        var run = await Boot(image, "dd if=/dev/hda of=/dev/hda bs=102400 skip=10 seek=41 count=15 conv=notrunc; md5sum /dev/hda", kernelOptions: options);
        BootAssert.LineStartingWith(run, $"ata: hda: disk, LBA48, sectors 16384, {mode}");
        if (options == "ata.dma=2") BootAssert.LineStartingWith(run, "ata: cmdline: option 'ata.dma' expects one of: 0, 1; got '2'");
        byte[] after = await File.ReadAllBytesAsync(image);
        disk.AsSpan(1_024_000, 1_536_000).CopyTo(disk.AsSpan(4_198_400));
        Assert.True(disk.AsSpan().SequenceEqual(after), "the image differs from the copy made on the host");
        BootAssert.LineStartingWith(run, $"{Md5(after)}  /dev/hda");
    }

    // A GPT disk as sgdisk lays one out (protective MBR, header at 1, 128 entries at 2..33), the
    // CRCs computed here; entry 0 and entry 2 used, so hda1 and hda3.
    [Fact]
    public async Task GptPartitionsReadAsOnTheHost()
    {
        byte[] disk = new byte[DiskBytes];
        new Random(22).NextBytes(disk);
        int sectors = DiskBytes / 512;
        Table(disk, 0, [(0xEE, 1, sectors - 1)]);
        Span<byte> entries = disk.AsSpan(2 * 512, 128 * 128);
        entries.Clear();
        foreach (var (index, first, last) in new[] { (0, 2048L, 6143L), (2, 8192L, 12287L) })
        {
            Span<byte> entry = entries.Slice(index * 128, 128);
            entry[0] = 0xAF;
            entry[16] = (byte)(index + 1);
            BitConverter.TryWriteBytes(entry.Slice(32), first);
            BitConverter.TryWriteBytes(entry.Slice(40), last);
        }
        Span<byte> header = disk.AsSpan(512, 512);
        header.Clear();
        "EFI PART"u8.CopyTo(header);
        BitConverter.TryWriteBytes(header.Slice(8), 0x00010000);
        BitConverter.TryWriteBytes(header.Slice(12), 92);
        BitConverter.TryWriteBytes(header.Slice(24), 1L);
        BitConverter.TryWriteBytes(header.Slice(32), (long)sectors - 1);
        BitConverter.TryWriteBytes(header.Slice(40), 34L);
        BitConverter.TryWriteBytes(header.Slice(48), (long)sectors - 34);
        BitConverter.TryWriteBytes(header.Slice(72), 2L);
        BitConverter.TryWriteBytes(header.Slice(80), 128);
        BitConverter.TryWriteBytes(header.Slice(84), 128);
        BitConverter.TryWriteBytes(header.Slice(88), Crc32(entries));
        BitConverter.TryWriteBytes(header.Slice(16), Crc32(header.Slice(0, 92)));
        string image = TempFile("gpt.img");
        await File.WriteAllBytesAsync(image, disk);
        var run = await Boot(image, "md5sum /dev/hda1 /dev/hda3; cat /dev/hda2");
        BootAssert.LineStartingWith(run, $"{Md5(Sectors(disk, (2048, 4096)))}  /dev/hda1");
        BootAssert.LineStartingWith(run, $"{Md5(Sectors(disk, (8192, 4096)))}  /dev/hda3");
        BootAssert.LineContainingAll(run, "/dev/hda2", "No such device or address");
    }

    // A sparse 130 GiB image: its last sectors lie past LBA28's reach (128 GiB), so the driver
    // reads them with READ SECTORS EXT; written at an unaligned offset there too.
    [Fact]
    public async Task SectorsPastLba28sReachAreReadAndWritten()
    {
        const long size = 130L << 30, at = size - 65536;
        var tail = new byte[65536];
        new Random(23).NextBytes(tail);
        string image = TempFile("big.img");
        await using (var file = new FileStream(image, FileMode.Create))
        {
            file.SetLength(size);
            file.Position = at;
            await file.WriteAsync(tail);
        }
        var run = await Boot(image, $"dd if=/dev/hda bs=65536 skip={at / 65536} count=1 | md5sum; " +
                                    $"printf LUNIX | dd of=/dev/hda bs=1 seek={at + 1000} conv=notrunc");
        BootAssert.LineStartingWith(run, $"{Md5(tail)}  -");
        BootAssert.LineStartingWith(run, "ata: hda: disk, LBA48, sectors 272629760");
        await using var check = new FileStream(image, FileMode.Open);
        check.Position = at + 1000;
        var written = new byte[5];
        await check.ReadExactlyAsync(written);
        Assert.Equal("LUNIX"u8.ToArray(), written);
        File.Delete(image);
    }

    [Fact]
    public async Task WritesAtUnalignedOffsetsReachTheImage()
    {
        byte[] disk = Disk(17);
        string image = TempFile("disk.img");
        await File.WriteAllBytesAsync(image, disk);
        // One byte at a time across a sector's edge, then 1.5 MB in 1000-byte blocks copied from
        // one place of the disk to another, neither on a sector's boundary.
        await Boot(image, "printf LUNIX | dd of=/dev/hda bs=1 seek=1000510 conv=notrunc; " +
                          "dd if=/dev/hda of=/dev/hda bs=1000 skip=100 seek=5001 count=1500 conv=notrunc");
        byte[] after = await File.ReadAllBytesAsync(image);
        Assert.Equal("LUNIX"u8.ToArray(), after.AsSpan(1000510, 5).ToArray());
        "LUNIX"u8.CopyTo(disk.AsSpan(1000510));         // the copy's source holds the first write
        Assert.True(disk.AsSpan(100_000, 1_500_000).SequenceEqual(after.AsSpan(5_001_000, 1_500_000)), "the copied range differs");
        Assert.True(disk.AsSpan(0, 1000510).SequenceEqual(after.AsSpan(0, 1000510)), "bytes before the first write changed");
        Assert.True(disk.AsSpan(6_501_000).SequenceEqual(after.AsSpan(6_501_000)), "bytes after the copy changed");
    }

    // A drive error in a DMA read (QEMU's blkdebug fails one read of the image, which QEMU's IDE
    // reports as ERR with ABRT): that read fails with EIO at once, reported once and not retried
    // (a retry is for a transfer that failed, not for the drive's answer), and the disk stays on
    // DMA and reads whole afterwards.
    [Fact]
    public async Task ADriveErrorInADmaReadFailsThatReadWithoutRetries()
    {
        byte[] disk = Disk(25);
        string image = TempFile("disk.img");
        await File.WriteAllBytesAsync(image, disk);
        string rules = Path.Combine(Path.GetDirectoryName(image)!, "blkdebug.conf");
        await File.WriteAllTextAsync(rules, "[inject-error]\nevent = \"read_aio\"\nerrno = \"5\"\nsector = \"4096\"\nonce = \"on\"\n");
        var run = await Boot($"blkdebug:{rules}:{image}", "dd if=/dev/hda of=/dev/null bs=65536 skip=32 count=1; md5sum /dev/hda");
        BootAssert.LineStartingWith(run, "ata: hda: disk, LBA48, sectors 16384, DMA (Ultra DMA mode 5)");
        var failures = run.Lines.Where(line => line.StartsWith("ata: hda: DMA read at sector ", StringComparison.Ordinal)).ToList();
        Assert.True(failures.Count == 1 && failures[0].EndsWith(" failed: bus master 0x24, status 0x41, error 0x04", StringComparison.Ordinal),
                    $"failures: {string.Join("; ", failures)}\n{run.Transcript()}");
        BootAssert.LineContainingAll(run, "dd: /dev/hda", "Input/output error");
        Assert.DoesNotContain(run.Lines, line => line.Contains("PIO from now on", StringComparison.Ordinal));
        BootAssert.LineStartingWith(run, $"{Md5(disk)}  /dev/hda");
    }

    [Fact]
    public async Task ALoopingExtendedChainIsRefusedAndTheDriveStillReads()
    {
        byte[] disk = Disk(18, loop: true);
        string image = TempFile("disk.img");
        await File.WriteAllBytesAsync(image, disk);
        var run = await Boot(image, "md5sum /dev/hda; cat /dev/hda5");
        BootAssert.LineStartingWith(run, "blockdriver: drive 0: partition table refused: the extended partition's chain loops");
        BootAssert.LineStartingWith(run, $"{Md5(disk)}  /dev/hda");
        BootAssert.LineContainingAll(run, "/dev/hda5", "No such device or address");
    }

    // A crash between two requests (SEF takes the injected fault between messages) and a restart
    // by RS, which may end the driver in the middle of one: the read goes on either way.
    [Theory]
    [InlineData("fault ata null-write", "rs: ata stopped by signal 11")]
    [InlineData("restart ata", "rs: ata is up again, restart 1")]
    public async Task ALongReadSurvivesTheDriverGoingDown(string service, string report)
    {
        byte[] disk = Disk(19);
        string image = TempFile("disk.img");
        await File.WriteAllBytesAsync(image, disk);
        var run = await Boot(image, $"(sleep 1; service {service}) & md5sum /dev/hda /dev/hda; wait");
        BootAssert.LineStartingWith(run, report);
        var sums = run.Lines.Where(line => line.EndsWith("  /dev/hda")).ToList();
        Assert.True(sums.Count == 2 && sums.All(line => line == $"{Md5(disk)}  /dev/hda"), $"checksums: {string.Join("; ", sums)}\n{run.Transcript()}");
    }

    // The CD read whole by bus-master DMA (the default) and by PIO (ata.dma=0): the start line
    // says which, no DMA read failed, and QEMU's trace of the CD drives' READ commands shows
    // the whole CD read the way the driver said and, from the driver's first read by DMA on,
    // nothing by PIO (the firmware's reads of the boot CD before it are PIO): a CD read by PIO
    // behind a DMA start line fails the test.
    [Theory]
    [InlineData("", "DMA (Ultra DMA mode 5)", "dma")]
    [InlineData("ata.dma=0", "PIO (ata.dma=0)", "pio")]
    public async Task AnIsoReadsAsAnIdeCd(string options, string mode, string method)
    {
        string tree = Directory.CreateTempSubdirectory("lunix-cd-").FullName;
        var content = new byte[300_000];
        new Random(20).NextBytes(content);
        await File.WriteAllBytesAsync(Path.Combine(tree, "random.bin"), content);
        string iso = TempFile("cd.iso");
        var xorriso = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("xorriso", ["-as", "mkisofs", "-quiet", "-o", iso, tree])
                                                      { RedirectStandardError = true })!;
        await xorriso.WaitForExitAsync();
        Assert.Equal(0, xorriso.ExitCode);
        byte[] cd = await File.ReadAllBytesAsync(iso);
        string image = TempFile("disk.img");
        await File.WriteAllBytesAsync(image, Disk(21));
        string trace = TempFile("atapi.trace");
        var run = await Boot(image, "md5sum /dev/hdd; dd if=/dev/zero of=/dev/hdd count=1", cdrom: iso, kernelOptions: options, trace: trace);
        BootAssert.LineStartingWith(run, $"ata: hdd: CD drive, {mode}");
        Assert.DoesNotContain(run.Lines, line => line.StartsWith("ata: hdd: DMA", StringComparison.Ordinal));
        var reads = (await File.ReadAllLinesAsync(trace)).Select(line => Regex.Match(line, @"ide_atapi_cmd_read .*; read (dma|pio): LBA=\d+ nb_sectors=(\d+)"))
                                                         .Where(read => read.Success).Select(read => (Method: read.Groups[1].Value, Sectors: int.Parse(read.Groups[2].Value))).ToList();
        int sectors = reads.Where(read => read.Method == method).Sum(read => read.Sectors);
        Assert.True(sectors >= cd.Length / 2048, $"QEMU's ATAPI reads by {method}: {sectors} sectors, the CD has {cd.Length / 2048}");
        int firstDma = reads.FindIndex(read => read.Method == "dma");
        Assert.True(method == "dma" ? firstDma >= 0 && reads.Skip(firstDma).All(read => read.Method == "dma") : firstDma < 0,
                    $"QEMU's ATAPI reads: {string.Join(", ", reads.Select(read => $"{read.Method} {read.Sectors}"))}");
        BootAssert.LineStartingWith(run, $"{Md5(cd)}  /dev/hdd");
        BootAssert.LineContainingAll(run, "/dev/hdd", "Read-only file system");
    }
}
