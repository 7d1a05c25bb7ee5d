namespace Lunix.Boot;

/// <summary>
/// Where the boot medium and each `--disk` sit on the two machines, as QEMU arguments. The boot
/// medium keeps the place `-cdrom` has always given the ISO, on its controller: the IDE
/// secondary master, or AHCI port 2. The disks take the other places in a fixed order, whatever
/// the boot medium, so a disk is found at the same place by every boot:
///   IDE:  primary master, primary slave, secondary slave (3 disks);
///   AHCI: ports 0, 1, 3, 4, 5 (5 disks).
/// pc (BIOS) has a PIIX IDE controller built in (buses ide.0 and ide.1); an AHCI controller is
/// added only when something goes on one (buses ahci.0 to ahci.5). q35 (UEFI) has an ICH9 AHCI
/// controller built in (buses ide.0 to ide.5: one port each, where `-drive if=ide` and `-cdrom`
/// go too); a PIIX IDE controller is added only when something goes on one (buses pata.0, pata.1).
/// A USB boot stick is a usb-storage device on a controller of its own: EHCI (usb), or xHCI
/// (usb3; QEMU puts the stick on the controller's first USB 3 port, at SuperSpeed).
/// </summary>
public static class MediaLayout
{
    /// <summary>The IDE places of disks, in order: (bus, unit).</summary>
    public static readonly IReadOnlyList<(int Bus, int Unit)> IdeSlots = [(0, 0), (0, 1), (1, 1)];

    /// <summary>The AHCI ports of disks, in order.</summary>
    public static readonly IReadOnlyList<int> AhciPorts = [0, 1, 3, 4, 5];

    private const int BootIdeBus = 1, BootIdeUnit = 0, BootAhciPort = 2;
    private const string BootDrive = "lunix-boot";

    /// <summary>Null, or why these disks do not fit the machine (more than its places for them).</summary>
    public static string? Refusal(IReadOnlyList<Disk> disks)
    {
        int ide = disks.Count(disk => disk.Controller == DiskController.Ide), ahci = disks.Count - ide;
        if (ide > IdeSlots.Count)
            return $"--disk: {ide} IDE disks, but IDE has {IdeSlots.Count} places for them (primary master, primary slave, " +
                   "secondary slave; the secondary master is the boot medium's); put the others on AHCI (FILE,ahci)";
        if (ahci > AhciPorts.Count)
            return $"--disk: {ahci} AHCI disks, but AHCI has {AhciPorts.Count} places for them (ports 0, 1, 3, 4, 5; port 2 is the boot medium's)";
        return null;
    }

    /// <summary>The arguments that attach the ISO and the disks (checked by <see cref="Refusal"/> first).</summary>
    public static IReadOnlyList<string> For(Firmware firmware, string isoPath, BootMedium bootFrom, IReadOnlyList<Disk> disks)
    {
        if (Refusal(disks) is { } refusal) throw new ArgumentException(refusal, nameof(disks));
        // The default keeps the arguments every figure of docs/perf.md was measured with.
        if (bootFrom == BootMedium.Cdrom && disks.Count == 0) return ["-cdrom", isoPath, "-boot", "d"];

        var pc = firmware == Firmware.Bios;
        var ideBus = pc ? "ide" : "pata";
        var ahciBus = pc ? "ahci" : "ide";
        var arguments = new List<string>();
        // The controller the machine lacks, when something goes on it.
        if (!pc && (bootFrom == BootMedium.Ide || disks.Any(disk => disk.Controller == DiskController.Ide)))
            arguments.AddRange(["-device", "piix3-ide,id=pata"]);
        if (pc && (bootFrom == BootMedium.Ahci || disks.Any(disk => disk.Controller == DiskController.Ahci)))
            arguments.AddRange(["-device", "ahci,id=ahci"]);

        // The ISO: a CD is read-only; as a hard disk or stick its writes go to a scratch overlay
        // (snapshot=on), so the built ISO never changes and two machines can boot it at once.
        var cdrom = bootFrom == BootMedium.Cdrom;
        arguments.AddRange(["-drive", $"if=none,id={BootDrive},file={QemuArguments.QuoteValue(isoPath)},format=raw," +
                                      (cdrom ? "media=cdrom,readonly=on" : "snapshot=on")]);
        var bootDevice = bootFrom switch
        {
            BootMedium.Cdrom when pc => $"ide-cd,bus={ideBus}.{BootIdeBus},unit={BootIdeUnit}",
            BootMedium.Cdrom => $"ide-cd,bus={ahciBus}.{BootAhciPort}",
            BootMedium.Ide => $"ide-hd,bus={ideBus}.{BootIdeBus},unit={BootIdeUnit}",
            BootMedium.Ahci => $"ide-hd,bus={ahciBus}.{BootAhciPort}",
            BootMedium.Usb => "usb-storage,bus=ehci.0",
            _ => "usb-storage,bus=xhci.0",
        };
        if (bootFrom == BootMedium.Usb) arguments.AddRange(["-device", "usb-ehci,id=ehci"]);
        if (bootFrom == BootMedium.Usb3) arguments.AddRange(["-device", "qemu-xhci,id=xhci"]);
        arguments.AddRange(["-device", $"{bootDevice},drive={BootDrive},bootindex=0"]);

        int ideTaken = 0, ahciTaken = 0;
        for (var n = 0; n < disks.Count; n++)
        {
            var disk = disks[n];
            var drive = $"disk{n}";
            arguments.AddRange(["-drive", $"if=none,id={drive},file={QemuArguments.QuoteValue(disk.Path)},format=raw" +
                                          (disk.Kind == DiskKind.Cdrom ? ",media=cdrom,readonly=on" : "")]);
            var model = disk.Kind == DiskKind.Cdrom ? "ide-cd" : "ide-hd";
            string place;
            if (disk.Controller == DiskController.Ide)
            {
                var (bus, unit) = IdeSlots[ideTaken++];
                place = $"bus={ideBus}.{bus},unit={unit}";
            }
            else place = $"bus={ahciBus}.{AhciPorts[ahciTaken++]}";
            arguments.AddRange(["-device", $"{model},drive={drive},{place}"]);
        }
        return arguments;
    }
}
