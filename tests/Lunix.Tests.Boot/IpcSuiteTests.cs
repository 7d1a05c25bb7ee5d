using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The IPC suite (kernel option suite=ipc): ping, a ring-3 program, checks message passing with
/// pong, a server in another address space, and the kernel's IPC error codes.
/// </summary>
[Collection(UefiBootCollection.Name)]
public sealed class IpcSuiteTests(QemuFixture qemu, ITestOutputHelper output) : InGuestSuite(qemu, output, "ipc")
{
    // Servers/Ping/Ping.cs, in order.
    public static readonly TheoryData<int, string> Cases = new()
    {
        { 1, "sendrec round trips to pong in another address space" },
        { 2, "a message to a slot nobody occupies fails with EDEADSRCDST" },
        { 3, "sendrec to oneself fails with ELOCKED" },
        { 4, "a message from an unmapped buffer fails with EFAULT" },
        { 5, "an unknown IPC primitive fails with EBADCALL" },
        { 6, "a kernel call outside the caller's mask fails with ECALLDENIED" },
        { 7, "a message to a process outside the send mask fails with ECALLDENIED" },
        { 8, "a primitive outside the trap mask fails with ETRAPDENIED" },
        { 9, "TIMES reports a clock that moves" },
        { 10, "SETALARM brings a notification from the kernel" },
        { 11, "UMAP translates the caller's own pages and refuses others" },
        { 12, "DEVIO reads the CMOS seconds register through the caller's ports" },
        { 13, "DEVIO to a port outside the caller's ranges fails with EPERM" },
        { 14, "VDEVIO performs two reads in one call" },
        { 15, "PRIVCTL outside the caller's mask fails with ECALLDENIED" },
        { 16, "the RTC's interrupt reaches its driver as a kernel notification" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Passes(int number, string name) => CasePasses(number, name);

    [Fact]
    public Task PlanMatchesAndBootCompletes() => CheckPlanAndBoot(Cases.Count);
}
