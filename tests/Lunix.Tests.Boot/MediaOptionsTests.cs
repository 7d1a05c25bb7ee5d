using Lunix.Boot;

namespace Lunix.Tests.Boot;

/// <summary>The media options (--disk, --boot-from) of run, test and bench, and the QEMU arguments
/// MediaLayout makes of them; no QEMU needed.</summary>
public sealed class MediaOptionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lunix-media-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Image(string name)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, new byte[512]);
        return path;
    }

    [Theory]
    [InlineData("", DiskController.Ide, DiskKind.HardDisk)]
    [InlineData(",ide", DiskController.Ide, DiskKind.HardDisk)]
    [InlineData(",ahci", DiskController.Ahci, DiskKind.HardDisk)]
    [InlineData(",cdrom", DiskController.Ide, DiskKind.Cdrom)]
    [InlineData(",ahci,cdrom", DiskController.Ahci, DiskKind.Cdrom)]
    [InlineData(",cdrom,ahci", DiskController.Ahci, DiskKind.Cdrom)]
    [InlineData(",disk,ide", DiskController.Ide, DiskKind.HardDisk)]
    public void DiskValuesAreParsed(string suffix, DiskController controller, DiskKind kind)
    {
        var image = Image("a.img");
        Assert.Null(Disk.Parse(image + suffix, out var disk));
        Assert.Equal(new Disk(image, controller, kind), disk);
    }

    [Theory]
    [InlineData(",foo", "'foo'", "ide, ahci", "disk, cdrom")]
    [InlineData(",ahci,ide", "controller twice")]
    [InlineData(",cdrom,disk", "kind twice")]
    [InlineData(",AHCI", "'AHCI'")]
    public void BadDiskValuesNameTheValidOnes(string suffix, params string[] said)
    {
        var (options, error) = RunOptions.Parse(["--disk", Image("a.img") + suffix]);
        Assert.Null(options);
        foreach (var text in said) Assert.Contains(text, error);
    }

    [Fact]
    public void AMissingDiskFileIsAnError()
    {
        var missing = Path.Combine(_directory, "none.img");
        Assert.Equal($"--disk: no file '{missing}'", RunOptions.Parse(["--disk", missing + ",ahci"]).Error);
        Assert.Contains("needs a value", RunOptions.Parse(["--disk"]).Error);
        Assert.Contains("names no file", RunOptions.Parse(["--disk", ",ahci"]).Error);
    }

    [Fact]
    public void AnImageAttachedTwiceIsAnError()
    {
        var image = Image("a.img");
        Assert.Equal($"--disk: '{image}' is attached twice", RunOptions.Parse(["--disk", image, "--disk", image + ",ahci,cdrom"]).Error);
    }

    [Theory]
    [InlineData("cdrom", BootMedium.Cdrom)]
    [InlineData("ide", BootMedium.Ide)]
    [InlineData("ahci", BootMedium.Ahci)]
    [InlineData("usb", BootMedium.Usb)]
    [InlineData("usb3", BootMedium.Usb3)]
    public void BootMediaAreParsedByEveryCommand(string text, BootMedium medium)
    {
        Assert.Equal(medium, RunOptions.Parse(["--boot-from", text]).Options!.BootFrom);
        Assert.Equal(medium, TestOptions.Parse(["ipc", "--boot-from", text]).Options!.Machine.BootFrom);
        Assert.Equal(medium, BenchOptions.Parse(["--boot-from", text]).Options!.Machine.BootFrom);
    }

    [Fact]
    public void ABadBootMediumIsAnErrorWithTheValidOnes()
    {
        Assert.Equal("--boot-from: 'floppy' is not one of ide, ahci, usb, usb3, cdrom", RunOptions.Parse(["--boot-from", "floppy"]).Error);
        Assert.Equal("--boot-from needs a value: ide, ahci, usb, usb3 or cdrom", TestOptions.Parse(["ipc", "--boot-from"]).Error);
    }

    [Fact]
    public void DisksAreKeptInOrderByEveryCommand()
    {
        string a = Image("a.img"), b = Image("b.iso");
        Disk[] expected = [new(a), new(b, DiskController.Ahci, DiskKind.Cdrom)];
        Assert.Equal(expected, RunOptions.Parse(["--disk", a, "--disk", b + ",ahci,cdrom"]).Options!.Disks);
        Assert.Equal(expected, TestOptions.Parse(["--disk", a, "ipc", "--disk", b + ",ahci,cdrom"]).Options!.Machine.Disks);
        Assert.Equal(expected, BenchOptions.Parse(["--disk", a, "--disk", b + ",ahci,cdrom"]).Options!.Machine.Disks);
    }

    [Theory]
    [InlineData("", 3, true)]
    [InlineData("", 4, false)]
    [InlineData(",cdrom", 4, false)]
    [InlineData(",ahci", 5, true)]
    [InlineData(",ahci,cdrom", 6, false)]
    public void MoreDisksThanPlacesAreRefused(string suffix, int count, bool fits)
    {
        var arguments = Enumerable.Range(0, count).SelectMany(n => new[] { "--disk", Image($"{n}.img") + suffix }).ToArray();
        var (options, error) = RunOptions.Parse(arguments);
        Assert.Equal(fits, options != null);
        if (!fits) Assert.Contains(suffix.StartsWith(",ahci") ? "5 places" : "3 places", error);
        Assert.Equal(fits, TestOptions.Parse(["ipc", .. arguments]).Options != null);
    }

    [Fact]
    public void WithoutMediaTheArgumentsAreTodays()
    {
        // The figures of docs/perf.md were measured with exactly these.
        var arguments = QemuArguments.For(new QemuOptions("lunix.iso", Headless: true), null);
        Assert.Equal(["-cdrom", "lunix.iso", "-boot", "d"], arguments.Skip(4).Take(4));
        Assert.DoesNotContain(arguments, a => a.Contains("ahci") || a.Contains("bootindex"));
    }

    [Fact]
    public void OnPcDisksTakeTheIdePlacesAroundTheBootCd()
    {
        var arguments = MediaLayout.For(Firmware.Bios, "lunix.iso", BootMedium.Cdrom, [new("a"), new("b", Kind: DiskKind.Cdrom), new("c")]);
        Assert.Equal([
            "-drive", "if=none,id=lunix-boot,file=lunix.iso,format=raw,media=cdrom,readonly=on",
            "-device", "ide-cd,bus=ide.1,unit=0,drive=lunix-boot,bootindex=0",
            "-drive", "if=none,id=disk0,file=a,format=raw", "-device", "ide-hd,drive=disk0,bus=ide.0,unit=0",
            "-drive", "if=none,id=disk1,file=b,format=raw,media=cdrom,readonly=on", "-device", "ide-cd,drive=disk1,bus=ide.0,unit=1",
            "-drive", "if=none,id=disk2,file=c,format=raw", "-device", "ide-hd,drive=disk2,bus=ide.1,unit=1",
        ], arguments);
    }

    [Fact]
    public void AnAhciControllerIsAddedOnPcOnlyWhenSomethingIsOnIt()
    {
        Assert.DoesNotContain("ahci,id=ahci", MediaLayout.For(Firmware.Bios, "i", BootMedium.Ide, [new("a")]));
        Assert.Single(MediaLayout.For(Firmware.Bios, "i", BootMedium.Ahci, [new("a", DiskController.Ahci)]), a => a == "ahci,id=ahci");
        var arguments = MediaLayout.For(Firmware.Bios, "i", BootMedium.Cdrom, [new("a", DiskController.Ahci), new("b", DiskController.Ahci)]);
        Assert.Contains("ahci,id=ahci", arguments);
        Assert.Contains("ide-hd,drive=disk0,bus=ahci.0", arguments);
        Assert.Contains("ide-hd,drive=disk1,bus=ahci.1", arguments);
    }

    [Fact]
    public void OnQ35AhciIsBuiltInAndIdeIsAdded()
    {
        var arguments = MediaLayout.For(Firmware.Uefi, "i", BootMedium.Cdrom, [new("a", DiskController.Ahci), new("b", DiskController.Ahci), new("c", DiskController.Ahci)]);
        Assert.DoesNotContain(arguments, a => a.StartsWith("ahci") || a.StartsWith("piix3-ide"));
        Assert.Contains("ide-cd,bus=ide.2,drive=lunix-boot,bootindex=0", arguments);
        Assert.Contains("ide-hd,drive=disk2,bus=ide.3", arguments);
        var ide = MediaLayout.For(Firmware.Uefi, "i", BootMedium.Ide, [new("a")]);
        Assert.Single(ide, a => a == "piix3-ide,id=pata");
        Assert.Contains("ide-hd,bus=pata.1,unit=0,drive=lunix-boot,bootindex=0", ide);
        Assert.Contains("ide-hd,drive=disk0,bus=pata.0,unit=0", ide);
    }

    [Theory]
    [InlineData(BootMedium.Ide, "ide-hd,bus=ide.1,unit=0,drive=lunix-boot,bootindex=0")]
    [InlineData(BootMedium.Ahci, "ide-hd,bus=ahci.2,drive=lunix-boot,bootindex=0")]
    [InlineData(BootMedium.Usb, "usb-storage,bus=ehci.0,drive=lunix-boot,bootindex=0")]
    [InlineData(BootMedium.Usb3, "usb-storage,bus=xhci.0,drive=lunix-boot,bootindex=0")]
    public void AnIsoBootedAsADiskIsWrittenToAnOverlayOnly(BootMedium medium, string device)
    {
        var arguments = MediaLayout.For(Firmware.Bios, "lunix.iso", medium, []);
        Assert.Contains("if=none,id=lunix-boot,file=lunix.iso,format=raw,snapshot=on", arguments);
        Assert.Contains(device, arguments);
        Assert.Equal(medium == BootMedium.Usb, arguments.Contains("usb-ehci,id=ehci"));
        Assert.Equal(medium == BootMedium.Usb3, arguments.Contains("qemu-xhci,id=xhci"));
    }

    [Fact]
    public void BenchGivesTheDisksToItsPosixRunOnlyAndRefusesThemForThePeer()
    {
        var image = Image("a.img");
        var options = BenchOptions.Parse(["--disk", image, "--boot-from", "ahci"]).Options!;
        Assert.Null(options.ToQemuOptions("i").Disks);
        Assert.Equal(BootMedium.Ahci, options.ToQemuOptions("i").BootFrom);
        Assert.Equal([new Disk(image)], options.ToQemuOptions("i", BenchOptions.PosixBenchCommandLine).Disks);
        Assert.Contains("Lunix only", BenchOptions.Parse(["--compare", "--disk", image]).Error);
        Assert.Contains("Lunix only", BenchOptions.Parse(["--linux", "--boot-from", "usb"]).Error);
    }

    [Fact]
    public void CommasInImagePathsAreDoubledForQemu() =>
        Assert.Contains("if=none,id=disk0,file=/a,,b.img,format=raw", MediaLayout.For(Firmware.Bios, "i", BootMedium.Cdrom, [new("/a,b.img")]));
}
