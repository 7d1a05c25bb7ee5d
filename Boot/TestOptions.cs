using System.Text.RegularExpressions;

namespace Lunix.Boot;

/// <summary>The options of `test`, parsed from its arguments.</summary>
public sealed partial record TestOptions(string Suite, HeadlessMachine Machine)
{
    /// <summary>What the boot tests give each suite, so both run the same machine.</summary>
    public const string DefaultMemory = "64M";
    public const int DefaultTimeoutSeconds = 120;

    public static readonly HeadlessMachine Defaults = new(Firmware.Bios, DefaultMemory, DefaultTimeoutSeconds);

    public static readonly string Usage =
        "usage: test <suite> [--uefi] [--memory SIZE] [--timeout S] [--verbose] [--initrd FILE]\n" +
        "            [--boot-from M] [--disk FILE[,ide|ahci][,disk|cdrom]]...\n" +
        "  boots the test image headless with the kernel options 'poweroff test suite=<suite>'\n" +
        "  (and the suite's own options from manifest.toml) and prints the suite's TAP lines; exit 0\n" +
        "  when the guest powered off after a plan 1..N and N passing cases, 1 on a failing or missing\n" +
        "  case, no plan, a crash report or QEMU failure, 2 on timeout; a suite that prints no TAP\n" +
        "  plan (isolation: its checks live in the boot tests) fails\n" +
        HeadlessMachine.Usage(Defaults, "TAP");

    /// <summary>The options, or an error message naming the bad argument.</summary>
    public static (TestOptions? Options, string? Error) Parse(IReadOnlyList<string> arguments)
    {
        var (machine, words, error) = HeadlessMachine.Parse(arguments, Defaults, maxWords: 1);
        if (machine == null) return (null, error);
        if (words.Count == 0) return (null, "which suite? e.g. test corelib");
        // Which suites exist is the manifest's business (TestCommand checks); the name only must
        // not smuggle further kernel options (spaces, quotes, '=') onto the command line.
        if (!SuiteName().IsMatch(words[0])) return (null, $"'{words[0]}' is not a suite name (letters, digits, '-' and '_')");
        return (new TestOptions(words[0], machine), null);
    }

    /// <summary>The kernel options of a suite's run: test mode, the suite, and its own options (manifest.toml).</summary>
    public string KernelCommandLine(string suiteOptions) =>
        suiteOptions.Length == 0 ? $"poweroff test suite={Suite}" : $"poweroff test suite={Suite} {suiteOptions}";

    public QemuOptions ToQemuOptions(string isoPath, string suiteOptions = "") =>
        new(isoPath, Headless: true, Machine.Firmware, Machine.Memory, KernelCommandLine(suiteOptions), InitrdPath: Machine.InitrdPath,
            BootFrom: Machine.BootFrom, Disks: Machine.Disks, Cpus: Machine.Cpus);

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex SuiteName();
}
