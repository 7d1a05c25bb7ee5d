using System.Text.RegularExpressions;

namespace Lunix.Boot;

/// <summary>Cleans the guest's serial lines for matching and printing (QemuSession splits them, on '\n' only:
/// firmware and GRUB end lines with "\n\r" and put '\r' before redraws).</summary>
public static partial class SerialLine
{
    /// <summary>The first line of every kernel crash report.</summary>
    public const string CrashPrefix = "lunix: crash:";

    public static bool IsCrashReport(string line) => line.StartsWith(CrashPrefix, StringComparison.Ordinal);

    /// <summary>
    /// Removes terminal control sequences and control characters ('\r' included). OVMF and GRUB
    /// paint their screens over the serial port with ANSI escapes and leave them in front of
    /// whatever comes next, so without this the kernel's first line would not start with "lunix:".
    /// </summary>
    public static string Clean(string raw) => ControlSequence().Replace(raw, "");

    // CSI sequences (ESC [ parameters intermediates final), other two-byte ESC sequences, and
    // the C0 control characters except tab.
    [GeneratedRegex(@"\x1B\[[0-?]*[ -/]*[@-~]|\x1B[@-Z\\-_]|[\x00-\x08\x0B-\x1F\x7F]")]
    private static partial Regex ControlSequence();
}
