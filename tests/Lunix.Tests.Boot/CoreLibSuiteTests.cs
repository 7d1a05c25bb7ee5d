using Lunix.Boot;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>The in-guest core-library suite (kernel option suite=corelib): C# features under ILC.</summary>
[Collection(BiosBootCollection.Name)]
public sealed class CoreLibSuiteTests(QemuFixture qemu, ITestOutputHelper output) : InGuestSuite(qemu, output, "corelib")
{
    // The kernel's Kernel/Tests/CoreLibSuite.cs, in order. PlanMatches catches a mismatch.
    public static readonly TheoryData<int, string> Cases = new()
    {
        { 1, "classes and virtual dispatch" },
        { 2, "abstract members" },
        { 3, "interface dispatch with many implementations" },
        { 4, "generics over classes and structs" },
        { 5, "one-dimensional arrays" },
        { 6, "string concatenation" },
        { 7, "integer formatting (decimal, hex, padded)" },
        { 8, "Span<T> and ReadOnlySpan<T>" },
        { 9, "static constructor with side effects" },
        { 10, "delegates (static, instance, closures)" },
        { 11, "checked arithmetic within range" },
        { 12, "casts and type tests" },
        { 13, "structs by value and by reference" },
        { 14, "interpolated strings" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Passes(int number, string name) => CasePasses(number, name);

    [Fact]
    public Task PlanMatchesAndBootCompletes() => CheckPlanAndBoot(Cases.Count);
}
