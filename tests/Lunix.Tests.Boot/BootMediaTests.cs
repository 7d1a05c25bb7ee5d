using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The system image booted from each medium `--boot-from` offers (docs/boot-media.md): the one
/// hybrid ISO as a CD, an IDE hard disk, a SATA disk on AHCI and a USB stick, reaching the shell
/// and powering off; and with every place for a `--disk` taken, the guest still boots from its
/// medium. The only bootable thing attached is the ISO at the place MediaLayout gives it, so a
/// boot that reaches the shell came from there.
/// </summary>
public abstract class BootMediaTests(QemuFixture qemu, ITestOutputHelper output, Firmware firmware, TimeSpan timeout) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("lunix-disks-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    protected Task BootsToAShellFrom(BootMedium medium, IReadOnlyList<Disk>? disks = null) =>
        BootTests.BootsToAShellAndPowersOff(qemu, output,
            new QemuOptions(qemu.IsoPath(ImageKind.System), Headless: true, firmware, "128M", "test", BootFrom: medium, Disks: disks), timeout);

    /// <summary>Blank raw images on every IDE and AHCI place, CDs and hard disks.</summary>
    protected IReadOnlyList<Disk> EveryPlaceTaken()
    {
        var disks = new List<Disk>();
        for (var n = 0; n < MediaLayout.IdeSlots.Count + MediaLayout.AhciPorts.Count; n++)
        {
            var path = Path.Combine(_directory, $"{n}.img");
            File.WriteAllBytes(path, new byte[1024 * 1024]);
            disks.Add(new Disk(path, n < MediaLayout.IdeSlots.Count ? DiskController.Ide : DiskController.Ahci, n % 2 == 1 ? DiskKind.Cdrom : DiskKind.HardDisk));
        }
        return disks;
    }
}

[Collection(BiosBootCollection.Name)]
public sealed class BiosBootMediaTests(QemuFixture qemu, ITestOutputHelper output)
    : BootMediaTests(qemu, output, Firmware.Bios, TimeSpan.FromSeconds(90))
{
    [Theory]
    [InlineData(BootMedium.Cdrom)]
    [InlineData(BootMedium.Ide)]
    [InlineData(BootMedium.Ahci)]
    [InlineData(BootMedium.Usb)]
    [InlineData(BootMedium.Usb3)]
    public Task BootsFromEachMediumUnderBios(BootMedium medium) => BootsToAShellFrom(medium);

    [Theory]
    [InlineData(BootMedium.Cdrom)]
    [InlineData(BootMedium.Ahci)]
    [InlineData(BootMedium.Usb)]
    public Task BootsWithEveryDiskPlaceTakenUnderBios(BootMedium medium) => BootsToAShellFrom(medium, EveryPlaceTaken());
}

[Collection(UefiBootCollection.Name)]
public sealed class UefiBootMediaTests(QemuFixture qemu, ITestOutputHelper output)
    // OVMF alone takes 20 s or more under TCG.
    : BootMediaTests(qemu, output, Firmware.Uefi, TimeSpan.FromSeconds(150))
{
    [Theory]
    [InlineData(BootMedium.Cdrom)]
    [InlineData(BootMedium.Ide)]
    [InlineData(BootMedium.Ahci)]
    [InlineData(BootMedium.Usb)]
    [InlineData(BootMedium.Usb3)]
    public Task BootsFromEachMediumUnderUefi(BootMedium medium) => BootsToAShellFrom(medium);

    [Fact]
    public Task BootsWithEveryDiskPlaceTakenUnderUefi() => BootsToAShellFrom(BootMedium.Cdrom, EveryPlaceTaken());
}
