using System.Text.RegularExpressions;

namespace Lunix.Boot;

/// <summary>The options of `test`, parsed from its arguments.</summary>
public sealed partial record TestOptions(
    string Suite,
    Firmware Firmware = Firmware.Bios,
    string Memory = TestOptions.DefaultMemory,
    int TimeoutSeconds = TestOptions.DefaultTimeoutSeconds,
    bool Verbose = false)
{
    /// <summary>What the boot tests give each suite, so both run the same machine.</summary>
    public const string DefaultMemory = "64M";
    public const int DefaultTimeoutSeconds = 120;

    public const string Usage =
        "usage: test <suite> [--uefi] [--memory SIZE] [--timeout S] [--verbose]\n" +
        "  boots headless with the kernel options 'poweroff test suite=<suite>' and prints the\n" +
        "  suite's TAP lines; exit 0 when the guest powered off after a plan 1..N and N passing\n" +
        "  cases, 1 on a failing or missing case, no plan, a crash report or QEMU failure, 2 on timeout\n" +
        "  a suite that prints no TAP plan (isolation: its checks live in the boot tests) fails\n" +
        "  --uefi          boot through UEFI firmware (q35 + OVMF) instead of BIOS (pc)\n" +
        "  --memory SIZE   guest RAM: a number with M or G, e.g. 64M, 4G (default 64M)\n" +
        "  --timeout S     kill QEMU after S seconds (default 120)\n" +
        "  --verbose       print every serial line, not only the TAP lines";

    /// <summary>The options, or an error message naming the bad argument.</summary>
    public static (TestOptions? Options, string? Error) Parse(IReadOnlyList<string> arguments)
    {
        string? suite = null;
        var options = new TestOptions("");
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
                case var _ when argument.StartsWith('-'):
                    return Bad($"unknown option '{argument}'");
                case var _ when suite != null:
                    return Bad($"one suite per run: '{suite}' and '{argument}' given");
                // Which suites exist is the kernel's business; the name only must not smuggle
                // further kernel options (spaces, quotes, '=') onto the command line.
                case var _ when !SuiteName().IsMatch(argument):
                    return Bad($"'{argument}' is not a suite name (letters, digits, '-' and '_')");
                default:
                    suite = argument;
                    break;
            }
        }
        return suite == null ? Bad("which suite? e.g. test corelib") : (options with { Suite = suite }, null);
    }

    public string KernelCommandLine => $"poweroff test suite={Suite}";

    public QemuOptions ToQemuOptions(string isoPath) =>
        new(isoPath, Headless: true, Firmware, Memory, KernelCommandLine);

    private static (TestOptions?, string?) Bad(string error) => (null, error);

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex SuiteName();
}
