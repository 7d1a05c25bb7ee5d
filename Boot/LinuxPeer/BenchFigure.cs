using System.Globalization;
using System.Text.RegularExpressions;

namespace Lunix.Boot;

/// <summary>One `BENCH name value unit` line, as the guest's benchmarks and posixbench print it.</summary>
public sealed partial record BenchFigure(string Name, ulong Value, string Unit)
{
    public static BenchFigure? Parse(string line)
    {
        var match = Line().Match(line);
        return match.Success ? new BenchFigure(match.Groups[1].Value, ulong.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), match.Groups[3].Value) : null;
    }

    public static IReadOnlyList<BenchFigure> ReadAll(IEnumerable<string> lines) => lines.Select(Parse).OfType<BenchFigure>().ToList();

    [GeneratedRegex(@"^BENCH (\S+) (\d{1,20}) (\S+)$")]
    private static partial Regex Line();
}
