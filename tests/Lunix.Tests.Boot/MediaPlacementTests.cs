using System.Diagnostics;
using System.Text.RegularExpressions;
using Lunix.Boot;

namespace Lunix.Tests.Boot;

/// <summary>
/// QEMU's own view of MediaLayout's arguments: each machine is started paused (-S, nothing runs),
/// asked for its device tree (`info qtree`) and ended, and every drive must sit on the controller
/// and at the place docs/boot-media.md gives: IDE means the PIIX controller on both machines, AHCI
/// the ICH9 one, the boot medium keeps IDE secondary master or AHCI port 2, and QEMU refuses no
/// argument (a place taken twice, a bus that does not exist).
/// </summary>
public sealed partial class MediaPlacementTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lunix-media-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private sealed record Placement(string Controller, string Bus, int? Unit);

    [Theory]
    [InlineData(Firmware.Bios, BootMedium.Cdrom)]
    [InlineData(Firmware.Bios, BootMedium.Ide)]
    [InlineData(Firmware.Bios, BootMedium.Ahci)]
    [InlineData(Firmware.Bios, BootMedium.Usb)]
    [InlineData(Firmware.Bios, BootMedium.Usb3)]
    [InlineData(Firmware.Uefi, BootMedium.Cdrom)]
    [InlineData(Firmware.Uefi, BootMedium.Ide)]
    [InlineData(Firmware.Uefi, BootMedium.Ahci)]
    [InlineData(Firmware.Uefi, BootMedium.Usb)]
    [InlineData(Firmware.Uefi, BootMedium.Usb3)]
    public async Task EveryDriveSitsWhereTheLayoutSays(Firmware firmware, BootMedium bootFrom)
    {
        var iso = Image("lunix.iso");
        // As many disks as there are places, of both kinds.
        Disk[] disks = [new(Image("0")), new(Image("1"), Kind: DiskKind.Cdrom), new(Image("2")),
                        new(Image("3"), DiskController.Ahci), new(Image("4"), DiskController.Ahci, DiskKind.Cdrom),
                        new(Image("5"), DiskController.Ahci), new(Image("6"), DiskController.Ahci), new(Image("7"), DiskController.Ahci)];
        var tree = await DeviceTree(firmware, MediaLayout.For(firmware, iso, bootFrom, disks));

        var ide = firmware == Firmware.Bios ? "ide" : "pata";
        var ahci = firmware == Firmware.Bios ? "ahci" : "ide";
        var boot = tree["lunix-boot"];
        switch (bootFrom)
        {
            case BootMedium.Cdrom when firmware == Firmware.Bios:
            case BootMedium.Ide:
                Assert.Equal(new Placement("piix3-ide", $"{ide}.1", 0), boot);
                break;
            case BootMedium.Cdrom:
            case BootMedium.Ahci:
                Assert.Equal(new Placement("ich9-ahci", $"{ahci}.2", 0), boot);
                break;
            default:
                // The stick's SCSI disk, on the bus of the usb-storage device QEMU made it for.
                Assert.Equal(new Placement("usb-storage", "scsi.0", null), boot with { Unit = null });
                break;
        }
        Assert.Equal(new Placement("piix3-ide", $"{ide}.0", 0), tree["disk0"]);
        Assert.Equal(new Placement("piix3-ide", $"{ide}.0", 1), tree["disk1"]);
        Assert.Equal(new Placement("piix3-ide", $"{ide}.1", 1), tree["disk2"]);
        int[] ports = [0, 1, 3, 4, 5];
        for (var n = 0; n < ports.Length; n++) Assert.Equal(new Placement("ich9-ahci", $"{ahci}.{ports[n]}", 0), tree[$"disk{n + 3}"]);
    }

    [Fact]
    public async Task WithoutMediaThePcMachineHasNoAhciController()
    {
        var tree = await DeviceTree(Firmware.Bios, MediaLayout.For(Firmware.Bios, Image("lunix.iso"), BootMedium.Cdrom, [new(Image("0"))]));
        Assert.DoesNotContain(tree.Values, placement => placement.Controller == "ich9-ahci");
    }

    private string Image(string name)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, new byte[64 * 1024]);
        return path;
    }

    /// <summary>Each drive's controller (the device above its bus), bus and unit, as QEMU reports them.</summary>
    private static async Task<Dictionary<string, Placement>> DeviceTree(Firmware firmware, IReadOnlyList<string> media)
    {
        var start = new ProcessStartInfo(QemuArguments.Executable) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])["-machine", firmware == Firmware.Bios ? "pc" : "q35", "-S", "-display", "none", "-serial", "none", "-monitor", "stdio", .. media])
            start.ArgumentList.Add(argument);
        using var qemu = Process.Start(start)!;
        await qemu.StandardInput.WriteAsync("info qtree\nquit\n");
        qemu.StandardInput.Close();
        var output = qemu.StandardOutput.ReadToEndAsync();
        var errors = qemu.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await qemu.WaitForExitAsync(limit.Token);
        Assert.True(qemu.ExitCode == 0, $"QEMU refused the arguments {string.Join(' ', media)}: {await errors}");

        var placements = new Dictionary<string, Placement>();
        var open = new List<(int Indent, bool IsBus, string Name)>();
        string? drive = null;
        foreach (var line in (await output).Split('\n'))
        {
            var indent = line.Length - line.TrimStart().Length;
            var text = line.Trim();
            if (text.StartsWith("dev: ") || text.StartsWith("bus: "))
            {
                open.RemoveAll(entry => entry.Indent >= indent);
                var isBus = text.StartsWith("bus: ");
                open.Add((indent, isBus, isBus ? text[5..] : text[5..text.IndexOf(',')]));
                if (!isBus) drive = null;
            }
            else if (DriveProperty().Match(text) is { Success: true } match && !placements.ContainsKey(match.Groups[1].Value))
            {
                drive = match.Groups[1].Value;
                var bus = open.FindLastIndex(entry => entry.IsBus);
                var controller = open.FindLastIndex(bus, entry => !entry.IsBus);
                placements[drive] = new Placement(open[controller].Name, open[bus].Name, null);
            }
            else if (UnitProperty().Match(text) is { Success: true } unit && drive != null)
                placements[drive] = placements[drive] with { Unit = int.Parse(unit.Groups[1].Value) };
        }
        return placements;
    }

    [GeneratedRegex("^drive = \"(.+)\"$")]
    private static partial Regex DriveProperty();

    [GeneratedRegex("^unit = ([0-9]+)")]
    private static partial Regex UnitProperty();
}
