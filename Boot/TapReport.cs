using System.Text.RegularExpressions;

namespace Lunix.Boot;

/// <summary>
/// Reads the TAP an in-guest suite prints among the other serial lines: a plan `1..N`, one
/// `ok N - name` or `not ok N - name` line per case, and `#` comments.
/// </summary>
public static partial class TapReport
{
    public static bool IsTapLine(string line) =>
        Plan().IsMatch(line) || Case().IsMatch(line) || line.StartsWith('#');

    /// <summary>Why the suite did not pass, or null when it did.</summary>
    public static string? Failure(IReadOnlyList<string> lines)
    {
        var plans = lines.Select(line => Plan().Match(line)).Where(match => match.Success).ToList();
        if (plans.Count == 0) return "no TAP plan (1..N) appeared: an unknown suite, or one that prints no TAP";
        if (plans.Count > 1) return $"{plans.Count} TAP plans appeared, expected one";
        var planned = int.Parse(plans[0].Groups[1].Value);

        var cases = lines.Where(line => Case().IsMatch(line)).ToList();
        var failed = cases.Where(line => line.StartsWith("not ", StringComparison.Ordinal)).ToList();
        if (failed.Count > 0) return $"{failed.Count} of {cases.Count} cases failed: {string.Join("; ", failed)}";
        if (cases.Count != planned) return $"the plan promised {planned} cases but {cases.Count} appeared";
        return null;
    }

    [GeneratedRegex(@"^1\.\.(\d{1,9})$")]
    private static partial Regex Plan();

    [GeneratedRegex(@"^(not )?ok \d+( |$)")]
    private static partial Regex Case();
}
