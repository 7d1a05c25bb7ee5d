namespace Lunix.Boot;

/// <summary>The options of `bench`, parsed from its arguments.</summary>
public sealed record BenchOptions(HeadlessMachine Machine)
{
    /// <summary>Generous: under -icount QEMU runs the guest well below plain TCG speed.</summary>
    public const int DefaultTimeoutSeconds = 300;

    public static readonly HeadlessMachine Defaults = new(Firmware.Bios, QemuOptions.DefaultMemory, DefaultTimeoutSeconds);

    /// <summary>The kernel's benchmark mode; test mode makes a crash end QEMU with a status.</summary>
    public const string KernelCommandLine = "bench poweroff test";

    /// <summary>One guest instruction per TSC tick, so rdtsc deltas are instruction counts.</summary>
    public static readonly IReadOnlyList<string> QemuExtraArguments = ["-icount", "shift=0"];

    public static readonly string Usage =
        "usage: bench [--uefi] [--memory SIZE] [--timeout S] [--verbose]\n" +
        "  boots the test image headless with -icount shift=0 and the kernel option bench, and\n" +
        "  prints each 'BENCH <name> <value> <unit>' line; exit 0 when the guest powered off after\n" +
        "  at least one BENCH line, 1 on a crash report, QEMU failure or no BENCH line, 2 on timeout\n" +
        HeadlessMachine.Usage(Defaults, "BENCH");

    /// <summary>The options, or an error message naming the bad argument.</summary>
    public static (BenchOptions? Options, string? Error) Parse(IReadOnlyList<string> arguments)
    {
        var (machine, _, error) = HeadlessMachine.Parse(arguments, Defaults, maxWords: 0);
        return machine == null ? (null, error) : (new BenchOptions(machine), null);
    }

    public QemuOptions ToQemuOptions(string isoPath) =>
        new(isoPath, Headless: true, Machine.Firmware, Machine.Memory, KernelCommandLine, ExtraArguments: QemuExtraArguments, InitrdPath: Machine.InitrdPath);
}
