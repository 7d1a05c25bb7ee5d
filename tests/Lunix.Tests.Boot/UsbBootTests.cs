using System.Diagnostics;
using System.Security.Cryptography;
using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The ISO booted as a USB stick (`--boot-from usb`: a usb-storage device on a usb-ehci
/// controller) and served by Lunix's USB driver (Drivers/Usb, docs/boot-media.md): the driver
/// reports the stick as uba with the ISO's size, /etc/rc mounts it at /media/boot, a file of
/// GRUB's read there and the whole of /dev/uba read in the guest agree with the host's copies;
/// and the driver restarted or crashed by RS in the middle of reading the whole stick still
/// gives the right checksum (the block-driver library's clients open again and send again).
/// </summary>
public abstract class UsbBootTests(QemuFixture qemu, ITestOutputHelper output, Firmware firmware, TimeSpan timeout)
{
    protected static string Md5(byte[] bytes) => Convert.ToHexStringLower(MD5.HashData(bytes));

    protected static string StickLine(string iso) => $"usb: uba: port 0, {new FileInfo(iso).Length >> 20} MiB, QEMU QEMU HARDDISK";

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

    protected async Task TheStickIsMountedAtMediaBootAndReadsAsOnTheHost()
    {
        string iso = qemu.IsoPath(ImageKind.System);
        string grubCfg = Md5(await FromIso(iso, "/boot/grub/grub.cfg"));
        string whole = Md5(await File.ReadAllBytesAsync(iso));
        await using var machine = await qemu.StartSessionAsync(
            new QemuOptions(iso, Headless: true, firmware, "128M", "test", BootFrom: BootMedium.Usb), output);
        await machine.PromptAsync("root@lunix:/# ", timeout);
        await machine.TypeAsync("grep /media/boot /proc/mounts; ls /media/boot/boot/grub; md5sum /media/boot/boot/grub/grub.cfg /dev/uba; ls -l /dev/uba\r");
        await machine.LineAsync("/dev/uba /media/boot iso9660 ro 0 0", timeout);
        await machine.LineAsync($"{grubCfg}  /media/boot/boot/grub/grub.cfg", timeout);
        await machine.LineAsync($"{whole}  /dev/uba", timeout);
        await machine.TypeAsync("poweroff\r");
        var run = await machine.FinishAsync(timeout);
        BootAssert.LineStartingWith(run, StickLine(iso));
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

    [Fact]
    public Task TheStickIsMountedAtMediaBootAndReadsAsOnTheHostUnderBios() => TheStickIsMountedAtMediaBootAndReadsAsOnTheHost();

    // WRITE(10): 2 MiB of the stick copied 64 KiB at a time over another place of it (the ISO's
    // writes go to QEMU's scratch overlay), then the whole stick read back: it is the ISO with
    // that range copied.
    [Fact]
    public async Task WritesToTheStickReadBack()
    {
        string iso = _qemu.IsoPath(ImageKind.Test);
        const int Chunk = 65536, From = 1, To = 150, Count = 32;
        var machine = new QemuOptions(iso, Headless: true, Firmware.Bios, "128M",
            $"poweroff test init=/bin/sh -- -c \"dd if=/dev/uba of=/dev/uba bs={Chunk} skip={From} seek={To} count={Count} conv=notrunc; md5sum /dev/uba\"",
            BootFrom: BootMedium.Usb);
        var run = await _qemu.BootAsync(machine, TimeSpan.FromSeconds(300), _output);
        BootAssert.PoweredOffCleanly(run);
        byte[] expected = await File.ReadAllBytesAsync(iso);
        Assert.True(expected.Length >= (To + Count) * Chunk, "the ISO is too small for the copy");
        Array.Copy(expected, From * Chunk, expected, To * Chunk, Count * Chunk);
        BootAssert.LineStartingWith(run, $"{Count}+0 records out");
        BootAssert.LineStartingWith(run, $"{Md5(expected)}  /dev/uba");
    }

    // The stick pulled out (QMP device_del) while md5sum reads it: the transfers fail, the
    // read ends with an error instead of hanging, the driver and the shell go on, and the
    // machine powers off cleanly.
    [Fact]
    public async Task AStickPulledOutMidReadIsAnErrorNotAHang()
    {
        string socket = Path.Combine(Path.GetTempPath(), $"lunix-qmp-{Guid.NewGuid():N}.sock");
        var timeout = TimeSpan.FromSeconds(150);
        var options = new QemuOptions(_qemu.IsoPath(ImageKind.System), Headless: true, Firmware.Bios, "128M", "test",
                                      ExtraArguments: QemuMonitor.Arguments(socket), BootFrom: BootMedium.Usb);
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
            // dd's error is printed (cat) before anything is typed again: typed keys echo on the
            // same serial line and would split it.
            await machine.LineAsync("dd: /dev/uba:", timeout);
            await machine.TypeAsync("echo still here; poweroff\r");
            await machine.LineAsync("still here", timeout);
            var run = await machine.FinishAsync(timeout);
            BootAssert.LineStartingWith(run, "dd: /dev/uba: Input/output error");
            BootAssert.PoweredOffCleanly(run);
        }
        finally
        {
            File.Delete(socket);
        }
    }

    // RS restarts the driver, or it crashes and RS brings it back, while md5sum reads the
    // whole stick: VFS finds the new instance, opens again and sends again what was in flight.
    [Theory]
    [InlineData("restart usb", "rs: usb is up again, restart 1")]
    [InlineData("fault usb null-write", "rs: usb stopped by signal 11")]
    public async Task ReadingTheWholeStickSurvivesTheUsbDriverGoingDown(string service, string report)
    {
        string iso = _qemu.IsoPath(ImageKind.Test);
        var machine = new QemuOptions(iso, Headless: true, Firmware.Bios, "128M",
            $"poweroff test init=/bin/sh -- -c \"(sleep 1; service {service}) & md5sum /dev/uba; wait\"", BootFrom: BootMedium.Usb);
        var run = await _qemu.BootAsync(machine, TimeSpan.FromSeconds(300), _output);
        BootAssert.PoweredOffCleanly(run);
        BootAssert.LineStartingWith(run, StickLine(iso));
        string sum = $"{Md5(await File.ReadAllBytesAsync(iso))}  /dev/uba";
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
    [Fact]
    public Task TheStickIsMountedAtMediaBootAndReadsAsOnTheHostUnderUefi() => TheStickIsMountedAtMediaBootAndReadsAsOnTheHost();
}
