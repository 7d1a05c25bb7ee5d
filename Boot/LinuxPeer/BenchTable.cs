namespace Lunix.Boot;

/// <summary>
/// `bench --compare`: Lunix's figures beside its Linux peer's, one line per figure,
/// `BENCH name lunix linux unit`, with "-" where a side has no such figure. posixbench's figures
/// come first in their order, then any other figure the peer printed, then Lunix's own (the
/// kernel's and the IPC suite's, which Linux has no counterpart for).
/// </summary>
public static class BenchTable
{
    public const string Missing = "-";

    public static string Header => Row("#", "figure", "lunix", "linux", "unit");

    public static IReadOnlyList<string> SideBySide(IReadOnlyList<BenchFigure> lunix, IReadOnlyList<BenchFigure> linux)
    {
        var names = PosixBenchFigures.AllNames.Concat(linux.Select(figure => figure.Name)).Concat(lunix.Select(figure => figure.Name)).Distinct();
        var rows = new List<string>();
        foreach (var name in names)
        {
            var ours = lunix.FirstOrDefault(figure => figure.Name == name);
            var theirs = linux.FirstOrDefault(figure => figure.Name == name);
            var unit = ours?.Unit ?? theirs?.Unit ?? "instructions";
            rows.Add(Row("BENCH", name, ours?.Value.ToString() ?? Missing, theirs?.Value.ToString() ?? Missing, unit));
        }
        return rows;
    }

    // Padded for reading; still one figure per line with fields split by spaces.
    private static string Row(string prefix, string name, string lunix, string linux, string unit) =>
        $"{prefix,-5} {name,-24} {lunix,12} {linux,12} {unit}";
}
