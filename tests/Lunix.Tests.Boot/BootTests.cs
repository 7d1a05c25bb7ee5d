using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The system image, as a user boots it: to "lunix: ready", RS starting the services, the
/// native init's greeting, then busybox's init (pid 1) running /etc/rc and a login shell with
/// job control on the serial terminal: a command typed at its prompt runs, and `poweroff`
/// typed there takes the system down (init's shutdown, SIGTERM and SIGKILL to everyone) and
/// turns the machine off cleanly. No test program in it.
/// </summary>
public abstract class BootTests(QemuFixture qemu, ITestOutputHelper output, Firmware firmware, TimeSpan timeout)
{
    protected Task BootsToAShellAndPowersOff(string memory) => BootsToAShellAndPowersOff(qemu, output, firmware, memory, "test", timeout);

    // A machine of several processors (`--cpus`, QEMU's -smp): the kernel finds them all in the
    // MADT and starts every other one (INIT, SIPI), which comes online once its own timer ticks;
    // the system works as on one.
    protected async Task BootsWithSeveralProcessors(int cpus)
    {
        var options = new QemuOptions(qemu.IsoPath(ImageKind.System), Headless: true, firmware, "128M", "test", Cpus: cpus);
        var run = await BootsToAShellAndPowersOff(qemu, output, options, timeout);
        BootAssert.LineContainingAll(run, "lunix: interrupts: local APIC", $", {cpus} CPUs in MADT");
        BootAssert.LineContainingAll(run, $"lunix: smp: {cpus} of {cpus} CPUs online");
    }

    internal static Task<QemuRun> BootsToAShellAndPowersOff(QemuFixture qemu, ITestOutputHelper output, Firmware firmware, string memory,
                                                          string options, TimeSpan timeout) =>
        BootsToAShellAndPowersOff(qemu, output, new QemuOptions(qemu.IsoPath(ImageKind.System), Headless: true, firmware, memory, options), timeout);

    internal static async Task<QemuRun> BootsToAShellAndPowersOff(QemuFixture qemu, ITestOutputHelper output, QemuOptions machineOptions, TimeSpan timeout)
    {
        await using var machine = await qemu.StartSessionAsync(machineOptions, output);
        await machine.LineAsync("lunix: ready", timeout);
        await machine.LineAsync("rs: all services initialised", timeout);
        // The native init runs in ring 3 once RS lets it, prints through a kernel call and exits.
        await machine.LineAsync("init: hello from ring 3", timeout);
        await machine.LineAsync("Welcome to Lunix", timeout);           // /etc/rc
        await machine.PromptAsync("root@lunix:/# ", timeout);           // /etc/profile's prompt
        await machine.TypeAsync("echo typed $((6 * 7))\r");
        await machine.LineAsync("typed 42", timeout);
        await machine.TypeAsync("poweroff\r");
        var run = await machine.FinishAsync(timeout);
        if (run.Lines.Any(line => line.StartsWith("testrunner", StringComparison.Ordinal) || line.StartsWith("TAP", StringComparison.Ordinal)))
            BootAssert.Fail(run, "the system image ran a test program");
        BootAssert.LineContainingAll(run, "The system is going down NOW!");
        BootAssert.LineContainingAll(run, "pm: reboot(2) by pid ");
        BootAssert.PoweredOffCleanly(run);
        return run;
    }
}

[Collection(BiosBootCollection.Name)]
public sealed class BiosBootTests(QemuFixture qemu, ITestOutputHelper output)
    // SeaBIOS reaches the kernel within seconds under TCG; 60 s only catches a hang.
    : BootTests(qemu, output, Firmware.Bios, TimeSpan.FromSeconds(60))
{
    [Theory]
    [InlineData("64M")]
    [InlineData("4G")]
    public Task BootsToAShellAndPowersOffUnderBios(string memory) => BootsToAShellAndPowersOff(memory);

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public Task BootsWithSeveralProcessorsUnderBios(int cpus) => BootsWithSeveralProcessors(cpus);

    // The PCI server's report of the pc machine: the PIIX3 IDE controller in compatibility
    // mode (no BARs 0-3) with its bus-master range, and the network card's interrupt and BARs.
    [Fact]
    public async Task ThePciServerReportsThePcMachine()
    {
        var run = await BootsToAShellAndPowersOff(qemu, output, Firmware.Bios, "64M", "test", TimeSpan.FromSeconds(60));
        BootAssert.LineContainingAll(run, "pci: 00:01.1 8086:7010 01.01.80 IDE controller, bar4 io 0x", "+16");
        BootAssert.LineContainingAll(run, "pci: 00:03.0 8086:100e 02.00.00 Ethernet controller, irq 11, bar0 mem 0x", "+131072, bar1 io 0x", "+64");
    }

    // /etc/rc mounts the medium Lunix booted from (the ISO as the IDE secondary master CD) at
    // /media/boot, read-only, through the ATA driver and the ISO9660 server: GRUB's configuration
    // on it reads as it was built.
    [Fact]
    public async Task TheBootMediumIsMountedAtMediaBoot()
    {
        await using var machine = await qemu.StartSessionAsync(ImageKind.System, "test", output, "64M", Firmware.Bios);
        var timeout = TimeSpan.FromSeconds(60);
        await machine.PromptAsync("root@lunix:/# ", timeout);
        await machine.TypeAsync("grep /media/boot /proc/mounts; grep -c menuentry /media/boot/boot/grub/grub.cfg\r");
        await machine.LineAsync("/dev/hdc /media/boot iso9660 ro 0 0", timeout);
        await machine.TypeAsync("poweroff\r");
        var run = await machine.FinishAsync(timeout);
        BootAssert.LineContainingAll(run, "ata: hdc: CD drive");
        // QEMU's pc machine has no AHCI controller: RS asked the PCI server and did not start the driver.
        BootAssert.LineContainingAll(run, "rs: ahci not started: no device for it on the PCI bus, error 19");
        BootAssert.PoweredOffCleanly(run);
    }

    // Without the APIC the timer is the PIT on IRQ 0 through the legacy PIC.
    [Fact]
    public async Task BootsWithTheLegacyPicAndPit()
    {
        var run = await BootsToAShellAndPowersOff(qemu, output, Firmware.Bios, "64M", "test noapic", TimeSpan.FromSeconds(60));
        BootAssert.LineContainingAll(run, "interrupts: legacy PIC", "PIT timer");
    }
}

[Collection(UefiBootCollection.Name)]
public sealed class UefiBootTests(QemuFixture qemu, ITestOutputHelper output)
    // OVMF takes about 20 s to reach the kernel under TCG, longer when both cores are busy.
    : BootTests(qemu, output, Firmware.Uefi, TimeSpan.FromSeconds(120))
{
    [Theory]
    [InlineData("64M")]
    [InlineData("4G")]
    public Task BootsToAShellAndPowersOffUnderUefi(string memory) => BootsToAShellAndPowersOff(memory);

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    public Task BootsWithSeveralProcessorsUnderUefi(int cpus) => BootsWithSeveralProcessors(cpus);

    // The PCI server's report of the q35 machine OVMF runs on: its host bridge and the AHCI
    // controller with its registers (BAR 5) and interrupt line, as Linux's lspci shows them.
    // q35 has no IDE controller (the Boot tool adds one only for an IDE medium): RS did not
    // start the ATA driver.
    [Fact]
    public async Task ThePciServerReportsTheQ35Machine()
    {
        var run = await BootsToAShellAndPowersOff(qemu, output, Firmware.Uefi, "64M", "test", TimeSpan.FromSeconds(120));
        BootAssert.LineContainingAll(run, "pci: 00:00.0 8086:29c0 06.00.00 host bridge");
        BootAssert.LineContainingAll(run, "pci: 00:1f.2 8086:2922 01.06.01 SATA controller (AHCI), irq ", ", bar5 mem 0x", "+4096");
        BootAssert.LineContainingAll(run, "rs: ata not started: no device for it on the PCI bus, error 19");
    }
}
