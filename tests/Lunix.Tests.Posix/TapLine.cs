using System.Text.RegularExpressions;

namespace Lunix.Tests.Posix;

/// <summary>One `ok N - name` or `not ok N - name # why` line of a program's TAP.</summary>
public sealed partial record TapLine(bool Passed, int Number, string Name, string? Why)
{
    public static TapLine? Parse(string line)
    {
        var match = Case().Match(line);
        if (!match.Success) return null;
        return new TapLine(!match.Groups[1].Success, int.Parse(match.Groups[2].Value), match.Groups[3].Value,
                           match.Groups[4].Success ? match.Groups[4].Value : null);
    }

    /// <summary>The plan's count, for a `1..N` line; else null.</summary>
    public static int? Plan(string line) => PlanLine().Match(line) is { Success: true } match ? int.Parse(match.Groups[1].Value) : null;

    [GeneratedRegex(@"^(not )?ok (\d{1,6}) - (.*?)(?: # (.*))?$")]
    private static partial Regex Case();

    [GeneratedRegex(@"^1\.\.(\d{1,6})$")]
    private static partial Regex PlanLine();
}
