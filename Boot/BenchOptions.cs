namespace Lunix.Boot;

/// <summary>Which systems `bench` boots: Lunix's test image, its Linux peer, or both side by side.</summary>
public enum BenchSystems { Lunix, Linux, Both }

/// <summary>The options of `bench`, parsed from its arguments.</summary>
public sealed record BenchOptions(HeadlessMachine Machine, BenchSystems Systems = BenchSystems.Lunix)
{
    /// <summary>Generous: under -icount QEMU runs the guest well below plain TCG speed.</summary>
    public const int DefaultTimeoutSeconds = 300;

    public static readonly HeadlessMachine Defaults = new(Firmware.Bios, QemuOptions.DefaultMemory, DefaultTimeoutSeconds);

    /// <summary>The kernel's benchmark mode; test mode makes a crash end QEMU with a status.</summary>
    public const string KernelCommandLine = "bench poweroff test";

    /// <summary>The POSIX figures' run: posixbench, the Linux peer's program, as init (pid 1) of the test image.</summary>
    public const string PosixBenchCommandLine = "poweroff test init=/tests/posix/bench/posixbench";

    /// <summary>One guest instruction per TSC tick, so rdtsc deltas are instruction counts.</summary>
    public static readonly IReadOnlyList<string> QemuExtraArguments = ["-icount", "shift=0"];

    public static readonly string Usage =
        "usage: bench [--linux | --compare] [--uefi] [--memory SIZE] [--timeout S] [--verbose] [--initrd FILE]\n" +
        "             [--boot-from M] [--disk FILE[,ide|ahci][,disk|cdrom]]... (media: Lunix only; disks: posixbench's run)\n" +
        "  boots the test image headless with -icount shift=0 twice at once, with the kernel option\n" +
        "  bench (IPC and memory figures) and with tests/Posix/bench/posixbench as init (the POSIX\n" +
        "  figures), and prints each 'BENCH <name> <value> <unit>' line; exit 0 when both guests\n" +
        "  powered off after at least one BENCH line, 1 on a crash report, QEMU failure or no BENCH\n" +
        "  line, 2 on timeout; figures posixbench could not measure are named on stderr\n" +
        "  --linux         boot the Linux peer instead: Debian's kernel (fetched once, pinned, into\n" +
        "                  iso/linux-peer) running tests/Posix/bench/posixbench as /init under the\n" +
        "                  same flags; exit 0 only when it printed every posixbench figure\n" +
        "  --compare       boot both at once and print 'BENCH <name> <lunix> <linux> <unit>', '-'\n" +
        "                  where a system has no such figure; exit 0 when both runs succeeded\n" +
        HeadlessMachine.Usage(Defaults, "BENCH");

    /// <summary>The options, or an error message naming the bad argument.</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> arguments)
    {
        var systems = BenchSystems.Lunix;
        var machineArguments = new List<string>();
        foreach (var argument in arguments)
        {
            var chosen = argument switch { "--linux" => BenchSystems.Linux, "--compare" => BenchSystems.Both, _ => (BenchSystems?)null };
            if (chosen == null) machineArguments.Add(argument);
            else if (systems != BenchSystems.Lunix) return (null, "give one of --linux and --compare");
            else systems = chosen.Value;
        }
        var (machine, _, error) = HeadlessMachine.Parse(machineArguments, Defaults, maxWords: 0);
        if (machine == null) return (null, error);
        if (machine.Firmware == Firmware.Uefi && systems != BenchSystems.Lunix)
            return (null, "--uefi boots Lunix only: the Linux peer's kernel is loaded by QEMU (-kernel) on a BIOS machine");
        if ((machine.Disks != null || machine.BootFrom != BootMedium.Cdrom) && systems != BenchSystems.Lunix)
            return (null, "--disk and --boot-from attach media to Lunix only: the Linux peer is booted by -kernel with no disks yet");
        return (new BenchOptions(machine, systems), null);
    }

    /// <summary>The disks go to the POSIX run only: both runs boot at once, and a writable image
    /// is QEMU's to one machine at a time (it locks the file).</summary>
    public QemuOptions ToQemuOptions(string isoPath, string kernelCommandLine = KernelCommandLine) =>
        new(isoPath, Headless: true, Machine.Firmware, Machine.Memory, kernelCommandLine, ExtraArguments: QemuExtraArguments, InitrdPath: Machine.InitrdPath,
            BootFrom: Machine.BootFrom, Disks: kernelCommandLine == PosixBenchCommandLine ? Machine.Disks : null, Cpus: Machine.Cpus);

    /// <summary>The POSIX run with the disk figures' volumes (<see cref="BenchDisk"/>) as its first
    /// IDE disk (/dev/hda) and first AHCI disk (/dev/sda), before any --disk, and posixbench told
    /// to use them.</summary>
    public QemuOptions ToPosixQemuOptions(string isoPath, BenchVolumes? volumes) =>
        volumes == null
            ? ToQemuOptions(isoPath, PosixBenchCommandLine)
            : ToQemuOptions(isoPath, PosixBenchCommandLine) with
            {
                KernelCommandLine = $"{PosixBenchCommandLine} -- --disk {BenchDisk.LunixDevice} --ahci-disk {BenchDisk.LunixAhciDevice}",
                Disks = [new Disk(volumes.Ide), new Disk(volumes.Ahci, DiskController.Ahci), .. Machine.Disks ?? []],
            };

}
