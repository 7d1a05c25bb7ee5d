using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The fuzz suite (kernel option suite=fuzz): 100,000 random system calls from ring 3 (random
/// classes, numbers, endpoints and pointers); the kernel must answer each without panicking.
/// </summary>
[Collection(CrashReportCollection.Name)]
public sealed class FuzzSuiteTests(QemuFixture qemu, ITestOutputHelper output) : InGuestSuite(qemu, output, "fuzz")
{
    // tests/InGuest/Fuzz/Fuzzer/Fuzzer.cs, in order.
    public static readonly TheoryData<int, string> Cases = new()
    {
        { 1, "SENDA delivers a table entry, marks it done and notifies the sender" },
        { 2, "100,000 random system calls returned 0, a value or a defined error, bad pointers and calls outside the mask among them refused" },
        { 3, "the kernel answers correctly after the fuzzing" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Passes(int number, string name) => CasePasses(number, name);

    [Fact]
    public Task PlanMatchesAndBootCompletes() => CheckPlanAndBoot(Cases.Count);
}
