using System.Diagnostics;
using System.Security.Cryptography;
using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The ISO booted as a USB stick (`--boot-from usb`: a usb-storage device on a usb-ehci
/// controller; `--boot-from usb3`: on a qemu-xhci controller, where it comes up at SuperSpeed)
/// and served by Lunix's USB driver (Drivers/Usb, docs/boot-media.md): the driver names the
/// controller it started (so a test of one kind fails if the stick was found on the other) and
/// reports the stick as uba with the ISO's size, /etc/rc mounts it at /media/boot, a file of
/// GRUB's read there and the whole of /dev/uba read in the guest agree with the host's copies;
/// and the driver restarted or crashed by RS in the middle of reading the whole stick still
/// gives the right checksum (the block-driver library's clients open again and send again).
/// </summary>
public abstract class UsbBootTests(QemuFixture qemu, ITestOutputHelper output, Firmware firmware, TimeSpan timeout)
{
    protected static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    protected static string StickLine(string iso) => $"usb: uba: port 0, {new FileInfo(iso).Length >> 20} MiB, QEMU QEMU HARDDISK";

    /// <summary>The lines that say which controller carried the stick: EHCI's start, or xHCI's
    /// start and the stick in its first (USB 3) port at SuperSpeed.</summary>
    protected static void CameThrough(QemuRun run, BootMedium medium)
    {
        if (medium == BootMedium.Usb)
        {
            BootAssert.LineStartingWith(run, "usb: EHCI controller ");
            Assert.DoesNotContain(run.Lines, line => line.StartsWith("usb: xHCI"));
        }
        else
        {
            BootAssert.LineStartingWith(run, "usb: xHCI controller ");
            BootAssert.LineStartingWith(run, "usb: xHCI port 0: SuperSpeed device in slot 1");
            Assert.DoesNotContain(run.Lines, line => line.StartsWith("usb: EHCI"));
        }
    }

    /// <summary>A file of the ISO's tree, as xorriso reads it on the host.</summary>
    protected static async Task<byte[]> FromIso(string iso, string path)
    {
        string into = Path.Combine(Directory.CreateTempSubdirectory("lunix-usb-").FullName, Path.GetFileName(path));
        var xorriso = Process.Start(new ProcessStartInfo("xorriso", ["-osirrox", "on", "-indev", iso, "-extract", path, into])
                                    { RedirectStandardError = true, RedirectStandardOutput = true })!;
        await xorriso.WaitForExitAsync();
        Assert.Equal(0, xorriso.ExitCode);
        return await File.ReadAllBytesAsync(into);
    }

    protected async Task TheStickIsMountedAtMediaBootAndReadsAsOnTheHost(BootMedium medium)
    {
        string iso = qemu.IsoPath(ImageKind.System);
        string grubCfg = Md5(await FromIso(iso, "/boot/grub/grub.cfg"));
        string whole = Md5(await File.ReadAllBytesAsync(iso));
        await using var machine = await qemu.StartSessionAsync(
            new QemuOptions(iso, Headless: true, firmware, "128M", "test", BootFrom: medium), output);
        await machine.PromptAsync("root@lunix:/# ", timeout);
        await machine.TypeAsync("grep /media/boot /proc/mounts; ls /media/boot/boot/grub; md5sum /media/boot/boot/grub/grub.cfg /dev/uba; ls -l /dev/uba\r");
        await machine.LineAsync("/dev/uba /media/boot iso9660 ro 0 0", timeout);
        await machine.LineAsync($"{grubCfg}  /media/boot/boot/grub/grub.cfg", timeout);
        await machine.LineAsync($"{whole}  /dev/uba", timeout);
        await machine.TypeAsync("poweroff\r");
        var run = await machine.FinishAsync(timeout);
        BootAssert.LineStartingWith(run, StickLine(iso));
        CameThrough(run, medium);
        BootAssert.LineContainingAll(run, "grub.cfg");
        BootAssert.LineContainingAll(run, "brw-rw----", "180,   0", "/dev/uba");
        BootAssert.PoweredOffCleanly(run);
    }
}

[Collection(BiosBootCollection.Name)]
public sealed class BiosUsbBootTests(QemuFixture qemu, ITestOutputHelper output)
    : UsbBootTests(qemu, output, Firmware.Bios, TimeSpan.FromSeconds(150))
{
    private readonly QemuFixture _qemu = qemu;
    private readonly ITestOutputHelper _output = output;

    [Theory]
    [InlineData(BootMedium.Usb)]
    [InlineData(BootMedium.Usb3)]
    public Task TheStickIsMountedAtMediaBootAndReadsAsOnTheHostUnderBios(BootMedium medium) => TheStickIsMountedAtMediaBootAndReadsAsOnTheHost(medium);

    // WRITE(10): 2 MiB of the stick copied 64 KiB at a time over another place of it (the ISO's
    // writes go to QEMU's scratch overlay), then the whole stick read back: it is the ISO with
    // that range copied.
    [Theory]
    [InlineData(BootMedium.Usb)]
    [InlineData(BootMedium.Usb3)]
    public async Task WritesToTheStickReadBack(BootMedium medium)
    {
        string iso = _qemu.IsoPath(ImageKind.Test);
        const int Chunk = 65536, From = 1, To = 150, Count = 32;
        var machine = new QemuOptions(iso, Headless: true, Firmware.Bios, "128M",
            $"poweroff test init=/bin/sh -- -c \"dd if=/dev/uba of=/dev/uba bs={Chunk} skip={From} seek={To} count={Count} conv=notrunc; md5sum /dev/uba\"",
            BootFrom: medium);
        var run = await _qemu.BootAsync(machine, TimeSpan.FromSeconds(300), _output);
        BootAssert.PoweredOffCleanly(run);
        CameThrough(run, medium);
        byte[] expected = await File.ReadAllBytesAsync(iso);
        Assert.True(expected.Length >= (To + Count) * Chunk, "the ISO is too small for the copy");
        Array.Copy(expected, From * Chunk, expected, To * Chunk, Count * Chunk);
        BootAssert.LineStartingWith(run, $"{Count}+0 records out");
        BootAssert.LineStartingWith(run, $"{Md5(expected)}  /dev/uba");
    }

    // Both kinds of controller in one driver: the boot stick on EHCI, and a second stick on an
    // xHCI controller with USB 2 ports only (p3=0), so the xHCI side resets a USB 2 port and
    // speaks to a high-speed device: ubb reads in the guest as the image on the host. QEMU's
    // Wacom tablet beside it is a full-speed device whose endpoint 0 takes 8-byte packets (Evaluate Context
    // after its descriptor), no stick, and its slot given up.
    [Fact]
    public async Task SticksOnEhciAndOnAUsb2PortOfXhciAreBothServed()
    {
        string image = Path.Combine(Directory.CreateTempSubdirectory("lunix-usb-").FullName, "second.img");
        var bytes = new byte[3 << 20];
        new Random(7).NextBytes(bytes);
        await File.WriteAllBytesAsync(image, bytes);
        var machine = new QemuOptions(_qemu.IsoPath(ImageKind.Test), Headless: true, Firmware.Bios, "128M",
            "poweroff test init=/bin/sh -- -c \"md5sum /dev/ubb\"",
            ExtraArguments: ["-drive", $"if=none,id=second,file={QemuArguments.QuoteValue(image)},format=raw",
                             "-device", "qemu-xhci,id=xhci,p3=0", "-device", "usb-storage,bus=xhci.0,drive=second,port=1",
                             "-device", "usb-wacom-tablet,bus=xhci.0,port=2"],
            BootFrom: BootMedium.Usb);
        var run = await _qemu.BootAsync(machine, TimeSpan.FromSeconds(150), _output);
        BootAssert.PoweredOffCleanly(run);
        BootAssert.LineStartingWith(run, "usb: EHCI controller ");
        BootAssert.LineStartingWith(run, "usb: xHCI controller ");
        BootAssert.LineStartingWith(run, "usb: xHCI port 0: high-speed device in slot 1");
        BootAssert.LineStartingWith(run, "usb: ubb: port 0, 3 MiB, QEMU QEMU HARDDISK");
        BootAssert.LineStartingWith(run, "usb: xHCI port 1: full-speed device in slot 2");
        BootAssert.LineStartingWith(run, "usb: not a Bulk-Only mass storage device on port 1");
        BootAssert.LineStartingWith(run, $"{Md5(bytes)}  /dev/ubb");
    }

    // The stick pulled out (QMP device_del) while md5sum reads it: the transfers fail, the
    // read ends with an error instead of hanging, the driver and the shell go on, and the
    // machine powers off cleanly.
    [Theory]
    [InlineData(BootMedium.Usb)]
    [InlineData(BootMedium.Usb3)]
    public async Task AStickPulledOutMidReadIsAnErrorNotAHang(BootMedium medium)
    {
        string socket = Path.Combine(Path.GetTempPath(), $"lunix-qmp-{Guid.NewGuid():N}.sock");
        var timeout = TimeSpan.FromSeconds(150);
        var options = new QemuOptions(_qemu.IsoPath(ImageKind.System), Headless: true, Firmware.Bios, "128M", "test",
                                      ExtraArguments: QemuMonitor.Arguments(socket), BootFrom: medium);
        try
        {
            await using var machine = await _qemu.StartSessionAsync(options, _output);
            await machine.PromptAsync("root@lunix:/# ", timeout);
            await using var monitor = await QemuMonitor.ConnectAsync(socket, TimeSpan.FromSeconds(10));
            // The whole stick read again and again (a read takes well under a second) until one fails.
            await machine.TypeAsync("n=0; while dd if=/dev/uba of=/dev/null bs=65536 2>/tmp/err; do n=$((n+1)); done; " +
                                    "echo reads ended after $n; cat /tmp/err\r");
            await Task.Delay(TimeSpan.FromSeconds(3));
            await monitor.UnplugAsync("usb-storage");
            string ended = await machine.LineAsync("reads ended after", timeout);
            Assert.NotEqual("reads ended after 0", ended.Trim());
            // The error printed whole before the next command is typed (its echo would land in it).
            await machine.LineAsync("dd: /dev/uba: Input/output error", timeout);
            await machine.TypeAsync("echo still here; poweroff\r");
            await machine.LineAsync("still here", timeout);
            var run = await machine.FinishAsync(timeout);
            BootAssert.LineStartingWith(run, "dd: /dev/uba: Input/output error");
            BootAssert.PoweredOffCleanly(run);
            CameThrough(run, medium);
        }
        finally
        {
            File.Delete(socket);
        }
    }

    // RS restarts the driver, or it crashes and RS brings it back, while md5sum reads the
    // whole stick: VFS finds the new instance, opens again and sends again what was in flight.
    // A stick reads the ISO in about the second before the driver goes down, so the whole stick
    // is read eight times over in one stream: the driver surely goes down in the middle.
    [Theory]
    [InlineData(BootMedium.Usb, "restart usb", "rs: usb is up again, restart 1")]
    [InlineData(BootMedium.Usb, "fault usb null-write", "rs: usb stopped by signal 11")]
    [InlineData(BootMedium.Usb3, "restart usb", "rs: usb is up again, restart 1")]
    [InlineData(BootMedium.Usb3, "fault usb null-write", "rs: usb stopped by signal 11")]
    public async Task ReadingTheWholeStickSurvivesTheUsbDriverGoingDown(BootMedium medium, string service, string report)
    {
        string iso = _qemu.IsoPath(ImageKind.Test);
        const int times = 8;
        string reads = string.Join(" ", Enumerable.Repeat("/dev/uba", times));
        var machine = new QemuOptions(iso, Headless: true, Firmware.Bios, "128M",
            $"poweroff test init=/bin/sh -- -c \"(sleep 1; service {service}) & cat {reads} | md5sum; wait\"", BootFrom: medium);
        var run = await _qemu.BootAsync(machine, TimeSpan.FromSeconds(300), _output);
        BootAssert.PoweredOffCleanly(run);
        BootAssert.LineStartingWith(run, StickLine(iso));
        CameThrough(run, medium);
        byte[] stick = await File.ReadAllBytesAsync(iso);
        string sum = $"{Md5(Enumerable.Repeat(stick, times).SelectMany(bytes => bytes).ToArray())}  -";
        BootAssert.LineStartingWith(run, report);
        BootAssert.LineStartingWith(run, sum);
        // The driver went down before md5sum finished: the read was in flight.
        int down = run.Lines.ToList().FindIndex(line => line.StartsWith(report)), done = run.Lines.ToList().FindIndex(line => line.StartsWith(sum));
        Assert.True(down < done, $"the driver went down only after the read\n{run.Transcript()}");
    }
}

[Collection(UefiBootCollection.Name)]
public sealed class UefiUsbBootTests(QemuFixture qemu, ITestOutputHelper output)
    // OVMF alone takes 20 s or more under TCG.
    : UsbBootTests(qemu, output, Firmware.Uefi, TimeSpan.FromSeconds(200))
{
    [Theory]
    [InlineData(BootMedium.Usb)]
    [InlineData(BootMedium.Usb3)]
    public Task TheStickIsMountedAtMediaBootAndReadsAsOnTheHostUnderUefi(BootMedium medium) => TheStickIsMountedAtMediaBootAndReadsAsOnTheHost(medium);
}
