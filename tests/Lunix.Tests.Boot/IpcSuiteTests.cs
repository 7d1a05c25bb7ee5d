using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The IPC suite (kernel option suite=ipc): ping, a ring-3 program, checks message passing with
/// pong, a server in another address space, and the kernel's IPC error codes.
/// </summary>
[Collection(UefiBootCollection.Name)]
public sealed class IpcSuiteTests(QemuFixture qemu, ITestOutputHelper output) : InGuestSuite(qemu, output, "ipc")
{
    // tests/InGuest/Ipc/Ping/Ping.cs, in order.
    public static readonly TheoryData<int, string> Cases = new()
    {
        { 1, "a SEND closing a cycle of three blocked processes fails with ELOCKED" },
        { 2, "a SEND closing a cycle of two blocked processes fails with ELOCKED" },
        { 3, "a blocked sender's message is received, and its endpoint is dead once it exits" },
        { 4, "sendrec round trips to pong in another address space" },
        { 5, "a message to a slot nobody occupies fails with EDEADSRCDST" },
        { 6, "sendrec to oneself fails with ELOCKED" },
        { 7, "a message from an unmapped buffer fails with EFAULT" },
        { 8, "an unknown IPC primitive fails with EBADCALL" },
        { 9, "a kernel call outside the caller's mask fails with ECALLDENIED" },
        { 10, "a message to a process outside the send mask fails with ECALLDENIED" },
        { 11, "a primitive outside the trap mask fails with ETRAPDENIED" },
        { 12, "TIMES reports a clock that moves" },
        { 13, "SETALARM brings a notification from the kernel" },
        { 14, "UMAP translates the caller's own pages and refuses others" },
        { 15, "DEVIO reads the CMOS seconds register through the caller's ports" },
        { 16, "DEVIO to a port outside the caller's ranges fails with EPERM" },
        { 17, "VDEVIO performs two reads in one call" },
        { 18, "PRIVCTL outside the caller's mask fails with ECALLDENIED" },
        { 19, "the RTC's interrupt reaches its driver as a kernel notification" },
        { 20, "three NOTIFYs coalesce into one pending notification, which does not displace a SENDREC's reply" },
        { 21, "a SENDA entry marked AMF_NOREPLY is no SENDREC reply, and AMF_NOTIFY_ERR reports a failed entry" },
        { 22, "a process's vector registers survive a SENDREC that runs another process" },
        { 23, "LOADPROGRAM refuses a taken slot, the kernel's own slots, a bad priority or privileges, a missing module and one that is no program" },
        { 24, "RS starts a service only for a client its table gives rs-control" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Passes(int number, string name) => CasePasses(number, name);

    [Fact]
    public Task PlanMatchesAndBootCompletes() => CheckPlanAndBoot(Cases.Count);
}
