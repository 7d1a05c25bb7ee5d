using Lunix.Boot;

namespace Lunix.Tests.Boot;

/// <summary>`bench --compare`'s side-by-side lines; no QEMU needed.</summary>
public sealed class BenchTableTests
{
    private static string[] Fields(string row) => row.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void PosixFiguresComeFirstThenLunixsOwnWithDashesWhereASystemHasNone()
    {
        var lunix = BenchFigure.ReadAll(["BENCH frame_alloc_free 97 instructions", "BENCH getppid 250 instructions"]);
        var linux = BenchFigure.ReadAll(PosixBenchFigures.Names.Select((name, i) => $"BENCH {name} {1000 + i} instructions"));
        var rows = BenchTable.SideBySide(lunix, linux).Select(Fields).ToList();

        Assert.Equal(PosixBenchFigures.AllNames.Append("frame_alloc_free"), rows.Select(row => row[1]));
        Assert.All(rows, row => Assert.Equal(5, row.Length));
        Assert.Equal(["BENCH", "boot_to_user", "-", "1000", "instructions"], rows[0]);
        Assert.Equal(["BENCH", "boot_to_prompt", "-", "1001", "instructions"], rows[1]);
        Assert.Equal(["BENCH", "getppid", "250", "1002", "instructions"], rows[2]);
        Assert.Equal(["BENCH", "frame_alloc_free", "97", "-", "instructions"], rows[^1]);
    }

    [Fact]
    public void WithNothingFromEitherSideEveryPosixFigureIsTwoDashes()
    {
        var rows = BenchTable.SideBySide([], []).Select(Fields).ToList();
        Assert.Equal(PosixBenchFigures.AllNames.Count(), rows.Count);
        Assert.All(rows, row => Assert.Equal(["-", "-"], row[2..4]));
        Assert.Equal(["#", "figure", "lunix", "linux", "unit"], Fields(BenchTable.Header));
    }

    [Theory]
    [InlineData("BENCH getppid 361 instructions", "getppid", 361ul)]
    [InlineData("BENCH getppid x instructions", null, 0ul)]
    [InlineData("BENCH getppid 361", null, 0ul)]
    [InlineData("lunix: ready", null, 0ul)]
    public void FigureLinesParse(string line, string? name, ulong value)
    {
        var figure = BenchFigure.Parse(line);
        Assert.Equal(name, figure?.Name);
        if (figure != null) Assert.Equal(value, figure.Value);
    }
}
