namespace Lunix.Boot;

/// <summary>The options of `bench`, parsed from its arguments.</summary>
public sealed record BenchOptions(
    Firmware Firmware = Firmware.Bios,
    string Memory = QemuOptions.DefaultMemory,
    int TimeoutSeconds = BenchOptions.DefaultTimeoutSeconds,
    bool Verbose = false)
{
    /// <summary>Generous: under -icount QEMU runs the guest well below plain TCG speed.</summary>
    public const int DefaultTimeoutSeconds = 300;

    /// <summary>The kernel's benchmark mode; test mode makes a crash end QEMU with a status.</summary>
    public const string KernelCommandLine = "bench poweroff test";

    /// <summary>One guest instruction per TSC tick, so rdtsc deltas are instruction counts.</summary>
    public static readonly IReadOnlyList<string> QemuExtraArguments = ["-icount", "shift=0"];

    public const string Usage =
        "usage: bench [--uefi] [--memory SIZE] [--timeout S] [--verbose]\n" +
        "  boots headless with -icount shift=0 and the kernel option bench, and prints each\n" +
        "  'BENCH <name> <value> <unit>' line; exit 0 when the guest powered off after at least\n" +
        "  one BENCH line, 1 on a crash report, QEMU failure or no BENCH line, 2 on timeout\n" +
        "  --uefi          boot through UEFI firmware (q35 + OVMF) instead of BIOS (pc)\n" +
        "  --memory SIZE   guest RAM: a number with M or G, e.g. 64M, 4G (default 256M)\n" +
        "  --timeout S     kill QEMU after S seconds (default 300)\n" +
        "  --verbose       print every serial line, not only the BENCH lines";

    /// <summary>The options, or an error message naming the bad argument.</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> arguments)
    {
        var options = new BenchOptions();
        for (var i = 0; i < arguments.Count; i++)
        {
            var argument = arguments[i];
            switch (argument)
            {
                case "--uefi":
                    options = options with { Firmware = Firmware.Uefi };
                    break;
                case "--verbose":
                    options = options with { Verbose = true };
                    break;
                case "--timeout":
                    if (OptionValues.Timeout(arguments, ref i, out var seconds) is { } timeoutError) return Bad(timeoutError);
                    options = options with { TimeoutSeconds = seconds };
                    break;
                case "--memory":
                    if (OptionValues.Memory(arguments, ref i, out var memory) is { } memoryError) return Bad(memoryError);
                    options = options with { Memory = memory };
                    break;
                default:
                    return Bad($"unknown option '{argument}'");
            }
        }
        return (options, null);
    }

    public QemuOptions ToQemuOptions(string isoPath) =>
        new(isoPath, Headless: true, Firmware, Memory, KernelCommandLine, ExtraArguments: QemuExtraArguments);

    private static (BenchOptions?, string?) Bad(string error) => (null, error);
}
