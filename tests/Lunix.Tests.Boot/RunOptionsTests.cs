using Lunix.Boot;
using Lunix.Manifest;

namespace Lunix.Tests.Boot;

/// <summary>The Boot tool's own option handling; no QEMU needed.</summary>
public sealed class RunOptionsTests
{
    [Theory]
    [InlineData("--bogus")]
    [InlineData("--timeout")]
    [InlineData("--headless", "--timeout", "abc")]
    [InlineData("--headless", "--timeout", "0")]
    [InlineData("--memory", "64X")]
    [InlineData("--memory", "0M")]
    [InlineData("--timeout", "5")]
    [InlineData("--image")]
    [InlineData("--image", "tests")]
    [InlineData("--cpus")]
    [InlineData("--cpus", "0")]
    [InlineData("--cpus", "65")]
    [InlineData("--cpus", "four")]
    public void BadOptionsAreErrors(params string[] arguments)
    {
        var (options, error) = RunOptions.Parse(arguments);
        Assert.Null(options);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void OptionsAreParsed()
    {
        var (options, error) = RunOptions.Parse(["--headless", "--timeout", "30", "--uefi", "--memory", "4g", "--cmdline", "poweroff test", "--cpus", "4"]);
        Assert.Null(error);
        Assert.Equal(new RunOptions(Headless: true, TimeoutSeconds: 30, Firmware: Firmware.Uefi, Memory: "4G", KernelCommandLine: "poweroff test", Cpus: 4), options);
    }

    // --cpus N is QEMU's -smp N; one processor (QEMU's default, no -smp) unless asked, and the
    // range is said when refused.
    [Fact]
    public void CpusBecomeQemusSmp()
    {
        List<string> Arguments(params string[] options) => QemuArguments.For(RunOptions.Parse(options).Options!.ToQemuOptions("lunix.iso"), null).ToList();
        Assert.DoesNotContain("-smp", Arguments());
        var eight = Arguments("--cpus", "8");
        Assert.Equal("8", eight[eight.IndexOf("-smp") + 1]);
        Assert.Contains("from 1 to 64", RunOptions.Parse(["--cpus", "100"]).Error);
        var (test, _) = TestOptions.Parse(["--cpus", "4", "ipc"]);
        var testArguments = QemuArguments.For(test!.ToQemuOptions("lunix-test.iso"), null).ToList();
        Assert.Equal("4", testArguments[testArguments.IndexOf("-smp") + 1]);
    }

    [Fact]
    public void TheSystemImageIsTheDefaultAndTheTestImageIsAChoice()
    {
        Assert.Equal(ImageKind.System, RunOptions.Parse([]).Options!.Image);
        Assert.Equal(ImageKind.Test, RunOptions.Parse(["--image", "test"]).Options!.Image);
    }

    [Fact]
    public void CommasInTheKernelCommandLineAreDoubledForQemu()
    {
        var arguments = QemuArguments.For(new QemuOptions("lunix.iso", Headless: true, KernelCommandLine: "a=1,2 b"), null);
        var value = arguments[arguments.ToList().IndexOf("-fw_cfg") + 1];
        Assert.Equal("name=opt/lunix/cmdline,string=a=1,,2 b", value);
    }

    [Fact]
    public void HeadlessRunsHaveTheDebugExitDeviceAndNoReboot()
    {
        var arguments = QemuArguments.For(new QemuOptions("lunix.iso", Headless: true), null);
        Assert.Contains("isa-debug-exit,iobase=0xf4,iosize=0x04", arguments);
        Assert.Contains("-no-reboot", arguments);
        Assert.Equal(["-machine", "pc"], arguments.Take(2));
    }

    [Fact]
    public void UefiRunsUseQ35AndBothOvmfFlashChips()
    {
        var arguments = QemuArguments.For(new QemuOptions("lunix.iso", Headless: true, Firmware.Uefi), "/tmp/vars.fd");
        Assert.Equal(["-machine", "q35"], arguments.Take(2));
        Assert.Contains(arguments, a => a.StartsWith("if=pflash,") && a.Contains("readonly=on") && a.Contains(OvmfFirmware.CodePath));
        Assert.Contains(arguments, a => a.StartsWith("if=pflash,") && a.EndsWith("file=/tmp/vars.fd"));
    }

    [Fact]
    public void SerialLinesLoseTerminalControlSequences() =>
        Assert.Equal("lunix: ready", SerialLine.Clean("\x1b[0m\x1b[37m\x1b[40m\x1b[2J\x1b[01;01H\x1b[=3h\rlunix: ready\r"));
}
