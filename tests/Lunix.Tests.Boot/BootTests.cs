using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The system image, as a user boots it: to "lunix: ready", RS starting the services, init, and
/// a clean power-off, with little and with much memory; no test program in it.
/// </summary>
public abstract class BootTests(QemuFixture qemu, ITestOutputHelper output, Firmware firmware, TimeSpan timeout)
{
    protected async Task BootsAndPowersOff(string memory)
    {
        var run = await qemu.BootAsync(ImageKind.System, firmware, memory, "poweroff test", timeout, output);
        BootAssert.LineStartingWith(run, "lunix: ready");
        BootAssert.LineStartingWith(run, "rs: all services initialised");
        // init runs in ring 3 once RS lets it, prints through a kernel call and exits; then the machine turns off.
        BootAssert.LineStartingWith(run, "init: hello from ring 3");
        BootAssert.LineStartingWith(run, "lunix: init exited with status 0");
        if (run.Lines.Any(line => line.StartsWith("testrunner", StringComparison.Ordinal) || line.StartsWith("TAP", StringComparison.Ordinal)))
            BootAssert.Fail(run, "the system image ran a test program");
        BootAssert.PoweredOffCleanly(run);
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
    public Task BootsAndPowersOffUnderBios(string memory) => BootsAndPowersOff(memory);

    // Without the APIC the timer is the PIT on IRQ 0 through the legacy PIC.
    [Fact]
    public async Task BootsWithTheLegacyPicAndPit()
    {
        var run = await qemu.BootAsync(ImageKind.System, Firmware.Bios, "64M", "poweroff test noapic", TimeSpan.FromSeconds(60), output);
        BootAssert.LineContainingAll(run, "interrupts: legacy PIC", "PIT timer");
        BootAssert.LineStartingWith(run, "lunix: ready");
        BootAssert.PoweredOffCleanly(run);
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
    public Task BootsAndPowersOffUnderUefi(string memory) => BootsAndPowersOff(memory);
}
