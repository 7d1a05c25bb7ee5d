namespace Lunix.Boot;

/// <summary>
/// The machine `test` and `bench` boot, and the one parser of the options they share: both boot
/// the test image headless, print a kind of serial line, and judge the run. Each command gives
/// its own defaults and says whether it takes a word that is not an option (test: the suite).
/// </summary>
public sealed record HeadlessMachine(Firmware Firmware, string Memory, int TimeoutSeconds, bool Verbose = false, string? InitrdPath = null,
                                     BootMedium BootFrom = BootMedium.Cdrom, IReadOnlyList<Disk>? Disks = null, int Cpus = 1)
{
    /// <summary>--cpus, the same for run, test and bench.</summary>
    public const string CpusUsage =
        "  --cpus N        processors (QEMU's -smp), 1 to 64 (default 1); the kernel runs on all:\n" +
        "                  services on the first, Linux programs spread over the others\n";

    /// <summary>The media options, the same for run, test and bench.</summary>
    public const string MediaUsage =
        "  --boot-from M   how the ISO is attached: cdrom (default; IDE on BIOS, AHCI on UEFI), ide (IDE hard\n" +
        "                  disk), ahci (SATA disk), usb (USB stick on EHCI), usb3 (USB stick on xHCI)\n" +
        "  --disk FILE[,ide|ahci][,disk|cdrom]\n" +
        "                  attach a raw image (repeatable): on IDE (default) or AHCI, as a hard disk (default)\n" +
        "                  or a CD; IDE disks take primary master, primary slave, secondary slave; AHCI\n" +
        "                  disks ports 0, 1, 3, 4, 5 (the boot medium keeps IDE secondary master, AHCI port 2)";

    public const string OptionsUsage =
        "  --uefi          boot through UEFI firmware (q35 + OVMF) instead of BIOS (pc)\n" +
        "  --memory SIZE   guest RAM: a number with M or G, e.g. 64M, 4G (default {0})\n" +
        CpusUsage +
        "  --timeout S     kill QEMU after S seconds (default {1})\n" +
        "  --verbose       print every serial line, not only the {2} lines\n" +
        "  --initrd FILE   a newc cpio archive unpacked over the root file system at boot (via fw_cfg)\n" +
        MediaUsage;

    public static string Usage(HeadlessMachine defaults, string printed) =>
        string.Format(OptionsUsage, defaults.Memory, defaults.TimeoutSeconds, printed);

    /// <summary>
    /// The machine, the words that are not options (none allowed when <paramref name="maxWords"/>
    /// is 0), or an error message naming the bad argument.
    /// </summary>
    public static (HeadlessMachine? Machine, List<string> Words, string? Error) Parse(IReadOnlyList<string> arguments, HeadlessMachine defaults, int maxWords)
    {
        var machine = defaults;
        var words = new List<string>();
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            switch (argument)
            {
                case "--uefi":
                    machine = machine with { Firmware = Firmware.Uefi };
                    break;
                case "--verbose":
                    machine = machine with { Verbose = true };
                    break;
                case "--timeout":
                    if (OptionValues.Timeout(arguments, ref i, out var seconds) is { } timeoutError) return (null, words, timeoutError);
                    machine = machine with { TimeoutSeconds = seconds };
                    break;
                case "--memory":
                    if (OptionValues.Memory(arguments, ref i, out var memory) is { } memoryError) return (null, words, memoryError);
                    machine = machine with { Memory = memory };
                    break;
                case "--cpus":
                    if (OptionValues.Cpus(arguments, ref i, out var cpus) is { } cpusError) return (null, words, cpusError);
                    machine = machine with { Cpus = cpus };
                    break;
                case "--initrd":
                    if (OptionValues.ValueAfter(arguments, ref i) is not { } initrd) return (null, words, "--initrd needs a value: a newc cpio archive");
                    if (!File.Exists(initrd)) return (null, words, $"--initrd: no file '{initrd}'");
                    machine = machine with { InitrdPath = Path.GetFullPath(initrd) };
                    break;
                case "--disk":
                    var disks = machine.Disks;
                    if (OptionValues.Disk(arguments, ref i, ref disks) is { } diskError) return (null, words, diskError);
                    machine = machine with { Disks = disks };
                    break;
                case "--boot-from":
                    if (OptionValues.BootFrom(arguments, ref i, out var bootFrom) is { } bootError) return (null, words, bootError);
                    machine = machine with { BootFrom = bootFrom };
                    break;
                case var _ when argument.StartsWith('-'):
                    return (null, words, $"unknown option '{argument}'");
                case var _ when words.Count == maxWords:
                    return (null, words, maxWords == 0 ? $"unexpected argument '{argument}'" : $"unexpected '{argument}' after '{string.Join(" ", words)}'");
                default:
                    words.Add(argument);
                    break;
            }
        }
        return (machine, words, null);
    }
}
