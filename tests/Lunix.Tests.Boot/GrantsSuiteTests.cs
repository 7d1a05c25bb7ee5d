using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The grants suite (kernel option suite=grants): granttest, a ring-3 program, grants parts of its
/// memory to two copier processes and checks SETGRANT and SAFECOPY's rules in the booted system.
/// </summary>
[Collection(CrashReportCollection.Name)]
public sealed class GrantsSuiteTests(QemuFixture qemu, ITestOutputHelper output) : InGuestSuite(qemu, output, "grants")
{
    // tests/InGuest/Grants/GrantTest/GrantTest.cs, in order.
    public static readonly TheoryData<int, string> Cases = new()
    {
        { 1, "SETGRANT refuses a table too large (EINVAL) or outside the user half (EFAULT)" },
        { 2, "a copier reads a grant made out to it, within bounds" },
        { 3, "a copier writes into a grant that allows writing" },
        { 4, "a copy beyond the grant's end fails with EPERM" },
        { 5, "a copy without the grant's right fails with EPERM" },
        { 6, "a grant made out to another process fails with EPERM, also for its owner" },
        { 7, "an indirect grant lets a third process reach the owner's bytes, with no more rights" },
        { 8, "after revocation a copy fails with EPERM" },
        { 9, "an unknown grant id fails with EINVAL, a dead owner with EDEADSRCDST" },
        { 10, "a bad request or buffer fails with EFAULT" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Passes(int number, string name) => CasePasses(number, name);

    [Fact]
    public Task PlanMatchesAndBootCompletes() => CheckPlanAndBoot(Cases.Count);
}
