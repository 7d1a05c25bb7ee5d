using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The pci suite (kernel option suite=pci): pcitest, a ring-3 program, asks the PCI server
/// (Drivers/Bus/Pci) for devices by class and ids, their BARs and configuration registers, on
/// QEMU's pc machine, and checks its answers to bad requests.
/// </summary>
[Collection(CrashReportCollection.Name)]
public sealed class PciSuiteTests(QemuFixture qemu, ITestOutputHelper output) : InGuestSuite(qemu, output, "pci")
{
    // tests/InGuest/Pci/PciTest/PciTest.cs, in order.
    public static readonly TheoryData<int, string> Cases = new()
    {
        { 1, "the IDE controller is found by its class: 8086:7010 at 00:01.1" },
        { 2, "it is found by its vendor and device ids too, and the host bridge 8086:1237 is 00:00.0" },
        { 3, "its BAR 4 is 16 I/O ports, BAR 0 is not implemented (ENOENT)" },
        { 4, "its configuration registers read back its ids and class at widths 4, 2 and 1" },
        { 5, "every function is found in turn, then ENODEV; at least the five of QEMU's pc machine" },
        { 6, "a bad width, offset or BAR number is EINVAL" },
        { 7, "a function that is not there is ENODEV" },
        { 8, "an unknown request is ENOSYS, and the server goes on answering" },
        { 9, "a program no manifest entry entitles to the IDE controller cannot reserve it (EPERM) nor write its registers" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Passes(int number, string name) => CasePasses(number, name);

    [Fact]
    public Task PlanMatchesAndBootCompletes() => CheckPlanAndBoot(Cases.Count);
}
