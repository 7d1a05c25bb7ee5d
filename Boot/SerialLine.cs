using System.Text;
using System.Text.RegularExpressions;

namespace Lunix.Boot;

/// <summary>Splits and cleans the guest's serial output for matching and printing.</summary>
public static partial class SerialLine
{
    /// <summary>The first line of every kernel crash report.</summary>
    public const string CrashPrefix = "lunix: crash:";

    public static bool IsCrashReport(string line) => line.StartsWith(CrashPrefix, StringComparison.Ordinal);

    /// <summary>
    /// Lines as they arrive, ended by '\n' only. Firmware and GRUB end lines with "\n\r" and
    /// put '\r' before redraws; splitting on '\r' too would turn those into empty lines.
    /// </summary>
    public static async IAsyncEnumerable<string> ReadAllAsync(TextReader reader)
    {
        var buffer = new char[4096];
        var pending = new StringBuilder();
        int count;
        // ReadAsync returns whatever the pipe holds, so a line is yielded as soon as it is complete.
        while ((count = await reader.ReadAsync(buffer)) > 0)
        {
            var start = 0;
            for (var i = 0; i < count; i++)
            {
                if (buffer[i] != '\n') continue;
                pending.Append(buffer, start, i - start);
                yield return Clean(pending.ToString());
                pending.Clear();
                start = i + 1;
            }
            pending.Append(buffer, start, count - start);
        }
        if (pending.Length > 0) yield return Clean(pending.ToString());
    }

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
