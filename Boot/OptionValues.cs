using System.Globalization;
using System.Text.RegularExpressions;

namespace Lunix.Boot;

/// <summary>
/// The option values every Boot command takes the same way: each reader consumes the value after
/// the option and returns null, or the error message to show.
/// </summary>
internal static partial class OptionValues
{
    /// <summary>The argument after position i (advancing i), or null when there is none.</summary>
    public static string? ValueAfter(IReadOnlyList<string> arguments, ref int i) =>
        i + 1 < arguments.Count ? arguments[++i] : null;

    /// <summary>--timeout S: a positive whole number of seconds.</summary>
    public static string? Timeout(IReadOnlyList<string> arguments, ref int i, out int seconds)
    {
        seconds = 0;
        if (ValueAfter(arguments, ref i) is not { } text) return "--timeout needs a value: a number of seconds";
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out seconds) || seconds <= 0)
            return $"--timeout: '{text}' is not a positive whole number of seconds";
        return null;
    }

    public const int MaxCpus = 64;

    /// <summary>--cpus N: the machine's processors, 1 to MaxCpus (QEMU's -smp).</summary>
    public static string? Cpus(IReadOnlyList<string> arguments, ref int i, out int cpus)
    {
        cpus = 0;
        if (ValueAfter(arguments, ref i) is not { } text) return $"--cpus needs a value: a number of processors from 1 to {MaxCpus}";
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out cpus) || cpus < 1 || cpus > MaxCpus)
            return $"--cpus: '{text}' is not a number of processors from 1 to {MaxCpus}";
        return null;
    }

    /// <summary>--memory SIZE: a QEMU size such as 64M or 4G, upper-cased.</summary>
    public static string? Memory(IReadOnlyList<string> arguments, ref int i, out string size)
    {
        size = "";
        if (ValueAfter(arguments, ref i) is not { } text) return "--memory needs a value: a size like 64M or 4G";
        if (!MemorySize().IsMatch(text)) return $"--memory: '{text}' is not a size like 64M or 4G (a number followed by M or G)";
        size = text.ToUpperInvariant();
        return null;
    }

    /// <summary>--disk FILE[,ide|ahci][,disk|cdrom], added to <paramref name="disks"/>; more than
    /// the machine has places for is refused here, before anything boots.</summary>
    public static string? Disk(IReadOnlyList<string> arguments, ref int i, ref IReadOnlyList<Disk>? disks)
    {
        if (ValueAfter(arguments, ref i) is not { } text) return $"--disk needs a value: {Boot.Disk.ValueUsage}";
        if (Boot.Disk.Parse(text, out var disk) is { } error) return error;
        // QEMU locks an image for its one writer: a second drive of the same file would stop the boot.
        if (disks?.Any(other => other.Path == disk.Path) == true) return $"--disk: '{disk.Path}' is attached twice";
        disks = [.. disks ?? [], disk];
        return MediaLayout.Refusal(disks);
    }

    /// <summary>--boot-from ide|ahci|usb|usb3|cdrom.</summary>
    public static string? BootFrom(IReadOnlyList<string> arguments, ref int i, out BootMedium medium) =>
        Boot.Disk.ParseBootMedium(ValueAfter(arguments, ref i), out medium);

    [GeneratedRegex("^[1-9][0-9]*[MmGg]$")]
    private static partial Regex MemorySize();
}
