using System.Text;

namespace Lunix.Boot;

/// <summary>
/// A guest's request to be typed at: the console line "# type: KEYS" (tests/InGuest/Library/
/// Keyboard.cs), KEYS with C escapes (\r, \n, \t, \\, \xHH). The runner answers by writing the
/// bytes into the guest's serial port, so in-guest suites get typed input from the Boot tool's
/// `test`, the boot tests and `run --headless` alike.
/// </summary>
public static class GuestKeys
{
    public const string Prefix = "# type: ";

    /// <summary>The bytes a line asks for, or null when it is no request (or a malformed one).</summary>
    public static byte[]? Requested(string line)
    {
        if (!line.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        return Unescape(line.AsSpan(Prefix.Length));
    }

    /// <summary>Text with C escapes as bytes; null for a bad escape.</summary>
    public static byte[]? Unescape(ReadOnlySpan<char> text)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\')
            {
                if (c > 0xFF) return null;
                bytes.Add((byte)c);
                continue;
            }
            if (++i == text.Length) return null;
            switch (text[i])
            {
                case 'r': bytes.Add((byte)'\r'); break;
                case 'n': bytes.Add((byte)'\n'); break;
                case 't': bytes.Add((byte)'\t'); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case 'x' when IsHex(text, i + 1) && IsHex(text, i + 2):
                    bytes.Add(Convert.ToByte(text.Slice(i + 1, 2).ToString(), 16));
                    i += 2;
                    break;
                default: return null;
            }
        }
        return bytes.ToArray();
    }

    /// <summary>Bytes as the text of a request line (the inverse of <see cref="Unescape"/>).</summary>
    public static string Escape(ReadOnlySpan<byte> keys)
    {
        var text = new StringBuilder();
        foreach (var b in keys)
        {
            switch (b)
            {
                case (byte)'\r': text.Append("\\r"); break;
                case (byte)'\n': text.Append("\\n"); break;
                case (byte)'\t': text.Append("\\t"); break;
                case (byte)'\\': text.Append("\\\\"); break;
                case < 0x20 or >= 0x7F: text.Append($"\\x{b:x2}"); break;
                default: text.Append((char)b); break;
            }
        }
        return text.ToString();
    }

    private static bool IsHex(ReadOnlySpan<char> text, int at) => at < text.Length && Uri.IsHexDigit(text[at]);
}
