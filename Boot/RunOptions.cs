using Lunix.Manifest;

namespace Lunix.Boot;

/// <summary>The options of `run`, parsed from its arguments.</summary>
public sealed record RunOptions(
    bool Headless = false,
    int TimeoutSeconds = RunOptions.DefaultTimeoutSeconds,
    Firmware Firmware = Firmware.Bios,
    string Memory = QemuOptions.DefaultMemory,
    string? KernelCommandLine = null,
    ImageKind Image = ImageKind.System,
    string? InitrdPath = null,
    BootMedium BootFrom = BootMedium.Cdrom,
    int Cpus = 1,
    IReadOnlyList<Disk>? Disks = null)
{
    public const int DefaultTimeoutSeconds = 60;

    public const string Usage =
        "usage: run [--headless] [--timeout S] [--uefi] [--memory SIZE] [--cpus N] [--cmdline \"TEXT\"] [--image system|test]\n" +
        "           [--initrd FILE] [--boot-from ide|ahci|usb|usb3|cdrom] [--disk FILE[,ide|ahci][,disk|cdrom]]...\n" +
        "  --headless      serial console to stdout, no display; exit 0 on clean poweroff,\n" +
        "                  1 on a crash report or QEMU failure, 2 on timeout\n" +
        "  --timeout S     with --headless: kill QEMU after S seconds (default 60)\n" +
        "  --uefi          boot through UEFI firmware (q35 + OVMF) instead of BIOS (pc)\n" +
        "  --memory SIZE   guest RAM: a number with M or G, e.g. 64M, 4G (default 256M)\n" +
        HeadlessMachine.CpusUsage +
        "  --cmdline TEXT  options appended to the kernel command line (via fw_cfg)\n" +
        "  --image NAME    system (default): iso/lunix.iso; test: iso/lunix-test.iso, with the test\n" +
        "                  kernel and the in-guest suites' programs (suite=NAME runs one)\n" +
        "  --initrd FILE   a newc cpio archive unpacked over the root file system at boot (via fw_cfg)\n" +
        HeadlessMachine.MediaUsage;

    /// <summary>The options, or an error message naming the bad argument.</summary>
    public static (RunOptions? Options, string? Error) Parse(IReadOnlyList<string> arguments)
    {
        var options = new RunOptions();
        var timeoutGiven = false;
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            switch (argument)
            {
                case "--headless":
                    options = options with { Headless = true };
                    break;
                case "--uefi":
                    options = options with { Firmware = Firmware.Uefi };
                    break;
                case "--timeout":
                    if (OptionValues.Timeout(arguments, ref i, out var seconds) is { } timeoutError) return Bad(timeoutError);
                    options = options with { TimeoutSeconds = seconds };
                    timeoutGiven = true;
                    break;
                case "--memory":
                    if (OptionValues.Memory(arguments, ref i, out var memory) is { } memoryError) return Bad(memoryError);
                    options = options with { Memory = memory };
                    break;
                case "--cpus":
                    if (OptionValues.Cpus(arguments, ref i, out var cpus) is { } cpusError) return Bad(cpusError);
                    options = options with { Cpus = cpus };
                    break;
                case "--cmdline":
                    if (OptionValues.ValueAfter(arguments, ref i) is not { } commandLine) return Bad("--cmdline needs a value: the kernel options in one argument");
                    options = options with { KernelCommandLine = commandLine };
                    break;
                case "--initrd":
                    if (OptionValues.ValueAfter(arguments, ref i) is not { } initrd) return Bad("--initrd needs a value: a newc cpio archive");
                    if (!File.Exists(initrd)) return Bad($"--initrd: no file '{initrd}'");
                    options = options with { InitrdPath = Path.GetFullPath(initrd) };
                    break;
                case "--disk":
                    var disks = options.Disks;
                    if (OptionValues.Disk(arguments, ref i, ref disks) is { } diskError) return Bad(diskError);
                    options = options with { Disks = disks };
                    break;
                case "--boot-from":
                    if (OptionValues.BootFrom(arguments, ref i, out var bootFrom) is { } bootError) return Bad(bootError);
                    options = options with { BootFrom = bootFrom };
                    break;
                case "--image":
                    var image = OptionValues.ValueAfter(arguments, ref i);
                    if (image is not ("system" or "test")) return Bad("--image needs a value: system or test");
                    options = options with { Image = image == "system" ? ImageKind.System : ImageKind.Test };
                    break;
                default:
                    return Bad($"unknown option '{argument}'");
            }
        }
        if (timeoutGiven && !options.Headless) return Bad("--timeout needs --headless (an interactive run ends when you quit QEMU)");
        return (options, null);
    }

    public QemuOptions ToQemuOptions(string isoPath) =>
        new(isoPath, Headless, Firmware, Memory, KernelCommandLine, ShowDisplay: !Headless && HasDesktopSession(), InitrdPath: InitrdPath,
            BootFrom: BootFrom, Disks: Disks, Cpus: Cpus);

    /// <summary>Without a desktop session QEMU's window cannot open, so interactive runs go text-only.</summary>
    private static bool HasDesktopSession() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) ||
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));

    private static (RunOptions?, string?) Bad(string error) => (null, error);
}
