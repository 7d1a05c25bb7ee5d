using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The vm suite (kernel option suite=vm): vmtest, a ring-3 program, uses the VM server directly
/// and through a second process (vmpeer, whose signal manager it is): demand-zero regions,
/// copy-on-write map_memory of written data, map_memory shared and copy-on-write with unmap_memory, a
/// SAFECOPY and IPC suspended on memory not yet backed and restarted, a reply delivered into
/// memory VM took away, a fault reported as SIGSEGV, and fork: copy-on-write between vmtest and
/// its child, and the refusals; the other kernel calls that copy user memory waiting for VM.
/// </summary>
[Collection(CrashReportCollection.Name)]
public sealed class VmSuiteTests(QemuFixture qemu, ITestOutputHelper output) : InGuestSuite(qemu, output, "vm")
{
    // tests/InGuest/Vm/VmTest/VmTest.cs, by number.
    public static readonly TheoryData<int, string> Cases = new()
    {
        { 1, "an anonymous region is demand-zero: no page before the first touch, zeroes after, one VM fault per page" },
        { 2, "munmap removes a region and its pages, and a new region starts zeroed" },
        { 3, "copy-on-write map_memory of written data: each side's first write copies only its page (a VM fault each), the other keeps the old data" },
        { 4, "map_memory shared: both map the same frame and each sees the other's writes" },
        { 5, "map_memory copy-on-write then unmap_memory: the other side loses the page, and the page left alone is written in place" },
        { 6, "a SAFECOPY into two pages not backed yet is suspended once, VM backs both, and the call restarts and completes" },
        { 7, "a SAFECOPY into memory outside every region fails with EFAULT once VM refuses it" },
        { 8, "VM refuses bad requests: empty or unknown protection, ranges outside the caller's regions, a dead target, unknown requests" },
        { 9, "a SENDREC whose message reaches into a page not backed yet waits for VM and restarts: VM gets the request and its reply arrives" },
        { 10, "a RECEIVE into two pages not backed yet waits for VM once, VM backs both, and the message arrives intact" },
        { 11, "a SEND or RECEIVE with a buffer outside every region fails with EFAULT once VM refuses it, and the refused RECEIVE takes no message" },
        { 12, "a reply into memory VM unmapped while its caller waited is refused by VM: the SENDREC fails with EFAULT" },
        { 13, "a fault outside every region reaches the process's signal manager as SIGSEGV, which GETKSIG takes only once it wrote the report (waiting for VM first)" },
        { 14, "copy-on-write after fork: each side keeps its own region page, global and stack variable; the child's writes copy just those pages, a VM fault each" },
        { 15, "fork refused: FORK is VM's call alone, with no privilege record free VM answers EAGAIN and makes nothing, and exited children free their slots, frames and records" },
        { 16, "GETINFO, TIMES, DIAGCTL, VDEVIO, SENDA's table, SAFECOPY's grant table and request in memory not backed yet: each call waits for VM once, restarts and completes" },
        { 17, "GETINFO, TIMES, DIAGCTL, VDEVIO, SENDA's table, SAFECOPY's grant table and request outside every region: each call fails with EFAULT once VM refuses it" },
        { 18, "the process table has 1,024 slots: GETINFO says so, a SEND to a free slot past 64 and 256 up to 1,023 finds it dead (EDEADSRCDST), and one to slot 1,024 names no slot (EINVAL)" },
        { 19, "GETINFO Framebuffer describes the screen the firmware left: BIOS text mode 80x25 at 0xB8000, or GOP's pixels" },
        { 20, "MapPhysical maps device memory inside the program's memory ranges (the HPET's registers read through two mappings, the framebuffer write-combining) and refuses ranges outside them, over RAM, misaligned or with unknown caching" },
        { 21, "MapContiguous gives zeroed DMA memory below 4 GiB whose pages are physically consecutive, freed when unmapped; more than 4 MiB is refused" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Passes(int number, string name) => CasePasses(number, name);

    [Fact]
    public Task PlanMatchesAndBootCompletes() => CheckPlanAndBoot(Cases.Count);

    // The refused fault is reported on the console like any ring-3 fault, with the address VM
    // was asked about (read when the fault happened, not when VM answered).
    [Fact]
    public async Task TheRefusedFaultIsReportedWithItsAddress()
    {
        var run = await SuiteRun();
        BootAssert.LineStartingWith(run, "lunix: process vmpeer (slot 23) stopped: page fault");
        BootAssert.LineStartingWith(run, "  cr2: 0x0000600000000000 (read, page not present)");
    }

    // Case 16's DIAGCTL waited for VM before it printed anything, and printed once when it ran
    // again: its line, whose last byte was the zero VM backed, shown as '?'.
    [Fact]
    public async Task TheDiagCtlThatWaitedForVmPrintedItsLineOnce()
    {
        var run = await SuiteRun();
        const string line = "vmtest: DIAGCTL waited for VM to back the zero that ends this line: ?";
        int printed = run.Lines.Count(l => l == line);
        if (printed != 1) BootAssert.Fail(run, $"'{line}' printed {printed} times, not once");
    }
}
