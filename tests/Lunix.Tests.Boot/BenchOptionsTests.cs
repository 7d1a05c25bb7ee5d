using Lunix.Boot;

namespace Lunix.Tests.Boot;

/// <summary>The `bench` command's option handling; no QEMU needed.</summary>
public sealed class BenchOptionsTests
{
    [Theory]
    [InlineData("--bogus")]
    [InlineData("--headless")]
    [InlineData("--timeout")]
    [InlineData("--timeout", "abc")]
    [InlineData("--timeout", "0")]
    [InlineData("--memory")]
    [InlineData("--memory", "64X")]
    [InlineData("--cmdline", "bench")]
    [InlineData("ipc")]
    [InlineData("--linux", "--compare")]
    [InlineData("--linux", "--linux")]
    [InlineData("--linux", "--uefi")]
    [InlineData("--compare", "--uefi")]
    public void BadOptionsAreErrors(params string[] arguments)
    {
        var (options, error) = BenchOptions.Parse(arguments);
        Assert.Null(options);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void DefaultsAreBiosWith256MAndFiveMinutes()
    {
        var (options, error) = BenchOptions.Parse([]);
        Assert.Null(error);
        Assert.Equal(new BenchOptions(new HeadlessMachine(Firmware.Bios, "256M", 300, Verbose: false)), options);
    }

    [Fact]
    public void OptionsAreParsed()
    {
        var (options, error) = BenchOptions.Parse(["--uefi", "--memory", "1g", "--timeout", "600", "--verbose"]);
        Assert.Null(error);
        Assert.Equal(new BenchOptions(new HeadlessMachine(Firmware.Uefi, "1G", 600, Verbose: true)), options);
    }

    [Theory]
    [InlineData("--linux", BenchSystems.Linux)]
    [InlineData("--compare", BenchSystems.Both)]
    public void LinuxAndCompareChooseTheSystems(string option, BenchSystems systems)
    {
        var (options, error) = BenchOptions.Parse([option, "--memory", "512M", "--verbose"]);
        Assert.Null(error);
        Assert.Equal(new BenchOptions(new HeadlessMachine(Firmware.Bios, "512M", 300, Verbose: true), systems), options);
    }

    [Fact]
    public void QemuCountsInstructionsAndTheKernelRunsItsBenchmarksInTestMode()
    {
        var arguments = QemuArguments.For(new BenchOptions(BenchOptions.Defaults).ToQemuOptions("lunix-test.iso"), null).ToList();
        Assert.Equal("shift=0", arguments[arguments.IndexOf("-icount") + 1]);
        Assert.Equal("name=opt/lunix/cmdline,string=bench poweroff test", arguments[arguments.IndexOf("-fw_cfg") + 1]);
        Assert.Contains("-no-reboot", arguments);
        Assert.Equal("256M", arguments[arguments.IndexOf("-m") + 1]);
    }

    [Theory]
    [InlineData("BENCH map_unmap_4k 212 instructions", true)]
    [InlineData("lunix: cmdline: bench poweroff test", false)]
    [InlineData("BENCHMARK", false)]
    public void OnlyBenchLinesAreFigures(string line, bool isFigure) =>
        Assert.Equal(isFigure, BenchCommand.IsFigure(line));
}
