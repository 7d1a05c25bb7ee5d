using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// Linux programs on several processors: the kernel puts each forked program on the least loaded
/// processor other than the boot one (which the services keep), and /proc/PID/stat's
/// `processor` field says which; programs running at once on different processors each finish,
/// and the system goes on as on one.
/// </summary>
[Collection(PosixCollection.Name)]
public sealed class SmpSchedulingTests(QemuFixture qemu, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData(Firmware.Bios, 4)]
    [InlineData(Firmware.Uefi, 4)]
    [InlineData(Firmware.Bios, 2)]
    public async Task ForkedProgramsRunOnTheOtherProcessors(Firmware firmware, int cpus)
    {
        var options = new QemuOptions(qemu.IsoPath(ImageKind.System), Headless: true, firmware, "128M", "test", Cpus: cpus);
        await using var machine = await qemu.StartSessionAsync(options, output);
        await machine.PromptAsync("root@lunix:/# ", Timeout);
        await machine.TypeAsync("echo ON: $(for i in 1 2 3 4 5 6; do sh -c 'cut -d\" \" -f39 /proc/self/stat'; done)\r");
        string placed = await machine.LineAsync("ON: ", Timeout);
        var processors = placed["ON: ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
        Assert.Equal(6, processors.Count);
        Assert.All(processors, p => Assert.InRange(p, 1, cpus - 1));
        Assert.Equal(Math.Min(3, cpus - 1), processors.Distinct().Count());

        // Three shells counting at once, on three processors where there are: each finishes.
        await machine.TypeAsync("for n in 1 2 3; do (i=0; while [ $i -lt 3000 ]; do i=$((i+1)); done; echo counted $n) & done; wait; echo ALL DONE\r");
        await machine.LineAsync("ALL DONE", Timeout);
        await machine.TypeAsync("poweroff\r");
        var run = await machine.FinishAsync(Timeout);
        foreach (int n in new[] { 1, 2, 3 }) BootAssert.LineContainingAll(run, $"counted {n}");
        BootAssert.LineContainingAll(run, $"lunix: smp: {cpus} of {cpus} CPUs online");
        BootAssert.PoweredOffCleanly(run);
    }
}
