using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>The in-guest memory suite (kernel option suite=memory): W^X, address spaces, COW, EFAULT.</summary>
[Collection(CrashReportCollection.Name)]
public sealed class MemorySuiteTests(QemuFixture qemu, ITestOutputHelper output) : InGuestSuite(qemu, output, "memory")
{
    // The kernel's Kernel/Tests/MemorySuite.cs, in order.
    public static readonly TheoryData<int, string> Cases = new()
    {
        { 1, "kernel text is read+execute, read-only data and data are no-execute" },
        { 2, "address 0 is unmapped in the kernel's tables" },
        { 3, "1,000 address spaces created, used and destroyed return every frame" },
        { 4, "a copy-on-write page faults once, then writes go straight through" },
        { 5, "copy-on-write keeps parent and child apart" },
        { 6, "user copy from an unmapped address returns EFAULT" },
        { 7, "user copy to a kernel address returns EFAULT" },
        { 8, "user copy at a non-canonical address returns EFAULT" },
        { 9, "user copy running past the end of a mapping returns EFAULT" },
        { 10, "a frame released twice is refused" },
        { 11, "an object cache hands out zeroed objects, refuses double frees and returns its frames" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Passes(int number, string name) => CasePasses(number, name);

    [Fact]
    public Task PlanMatchesAndBootCompletes() => CheckPlanAndBoot(Cases.Count);
}
