namespace Lunix.Tests.Posix;

/// <summary>
/// The differential tests' host half: each POSIX test program runs on the host Linux, and each
/// TAP line it prints is a test case of its own, so a failure names its check. What a program
/// prints is the list of cases (read when the tests are discovered), so a new check needs no
/// C# change; the whole-run case catches a program that stopped early, failed to build or to
/// clean up. The guest half runs the same binaries on Lunix.
/// </summary>
public sealed class HostDifferentialTests
{
    public static TheoryData<string> Programs() => new(PosixPrograms.Names);

    /// <summary>(program, case number, case name) for every case line every program printed.</summary>
    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        var runs = PosixPrograms.Names.Select(PosixPrograms.Run).ToArray();
        Task.WaitAll(runs);
        foreach (var run in runs.Select(task => task.Result))
        {
            foreach (var line in run.Cases) data.Add(run.Name, line.Number, line.Name);
            // A program that printed no case still gets one row, which says why.
            if (!run.Cases.Any()) data.Add(run.Name, 0, "(no TAP case)");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task CasePassesOnTheHost(string program, int number, string name)
    {
        var run = await PosixPrograms.Run(program);
        var line = run.Cases.FirstOrDefault(line => line.Number == number && line.Name == name);
        if (line == null) Assert.Fail($"case {number} - {name} missing from this run\n{run.Transcript()}");
        if (!line.Passed) Assert.Fail($"not ok {number} - {name} # {line.Why}");
    }

    [Theory]
    [MemberData(nameof(Programs))]
    public async Task RunsItsWholePlanExitsZeroAndCleansUp(string program)
    {
        var run = await PosixPrograms.Run(program);
        if (run.Problem != null) Assert.Fail($"{run.Problem}\n{run.Transcript()}");
        var plans = run.Lines.Select(TapLine.Plan).OfType<int>().ToList();
        Assert.True(plans.Count == 1, $"expected one TAP plan, saw {plans.Count}\n{run.Transcript()}");
        var numbers = run.Cases.Select(line => line.Number).ToList();
        Assert.True(numbers.SequenceEqual(Enumerable.Range(1, plans[0])),
                    $"the plan promised cases 1..{plans[0]}, the program printed {string.Join(",", numbers)}\n{run.Transcript()}");
        Assert.True(run.ExitCode == 0, $"exit status {run.ExitCode}\n{run.Transcript()}");
        Assert.True(run.LeftBehind.Count == 0, $"left in its scratch directory: {string.Join(", ", run.LeftBehind)}");
    }
}
