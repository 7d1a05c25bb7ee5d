namespace Lunix.Boot;

public enum Firmware { Bios, Uefi }

/// <summary>
/// One QEMU machine: what the guest boots with. Turned into arguments by <see cref="QemuArguments"/>.
/// </summary>
/// <param name="Headless">
/// True: serial console on stdout for a program to read, no display, no reboot, isa-debug-exit
/// present. False: serial console and QEMU monitor on the user's terminal.
/// </param>
/// <param name="Memory">Guest RAM in QEMU's syntax, e.g. 64M or 4G.</param>
/// <param name="KernelCommandLine">Appended by the kernel to GRUB's command line; null for none.</param>
/// <param name="ShowDisplay">Only for interactive runs: open a window (needs a desktop session).</param>
/// <param name="ExtraArguments">Appended last, e.g. "-icount", "shift=0" for benchmarks.</param>
/// <param name="InitrdPath">A newc cpio archive handed over by fw_cfg, unpacked over the root file system; null for none.</param>
/// <param name="BootFrom">How the ISO is attached: a CD (the default), an IDE or AHCI hard disk, a USB stick.</param>
/// <param name="Disks">Raw images attached besides, placed by <see cref="MediaLayout"/>; null for none.</param>
public sealed record QemuOptions(
    string IsoPath,
    bool Headless,
    Firmware Firmware = Firmware.Bios,
    string Memory = QemuOptions.DefaultMemory,
    string? KernelCommandLine = null,
    bool ShowDisplay = false,
    IReadOnlyList<string>? ExtraArguments = null,
    string? InitrdPath = null,
    BootMedium BootFrom = BootMedium.Cdrom,
    IReadOnlyList<Disk>? Disks = null,
    int Cpus = 1)
{
    public const string DefaultMemory = "256M";
}
