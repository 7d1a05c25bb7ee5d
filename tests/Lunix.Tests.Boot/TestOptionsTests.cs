using Lunix.Boot;

namespace Lunix.Tests.Boot;

/// <summary>The `test` command's option handling; no QEMU needed.</summary>
public sealed class TestOptionsTests
{
    [Theory]
    [InlineData]
    [InlineData("--uefi")]
    [InlineData("corelib", "ipc")]
    [InlineData("corelib", "--bogus")]
    [InlineData("corelib", "--timeout")]
    [InlineData("corelib", "--timeout", "0")]
    [InlineData("corelib", "--memory", "64X")]
    [InlineData("corelib bench")]
    [InlineData("corelib=x")]
    public void BadOptionsAreErrors(params string[] arguments)
    {
        var (options, error) = TestOptions.Parse(arguments);
        Assert.Null(options);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void DefaultsAreBiosWith64MAndTwoMinutes()
    {
        var (options, error) = TestOptions.Parse(["memory"]);
        Assert.Null(error);
        Assert.Equal(new TestOptions("memory", new HeadlessMachine(Firmware.Bios, "64M", 120, Verbose: false)), options);
    }

    [Fact]
    public void OptionsAreParsedOnEitherSideOfTheSuite()
    {
        var (options, error) = TestOptions.Parse(["--uefi", "--memory", "1g", "ipc", "--timeout", "30", "--verbose"]);
        Assert.Null(error);
        Assert.Equal(new TestOptions("ipc", new HeadlessMachine(Firmware.Uefi, "1G", 30, Verbose: true)), options);
    }

    [Fact]
    public void TheKernelRunsTheSuiteInTestModeWithoutIcount()
    {
        var arguments = QemuArguments.For(new TestOptions("corelib", TestOptions.Defaults).ToQemuOptions("lunix-test.iso"), null).ToList();
        Assert.Equal("name=opt/lunix/cmdline,string=poweroff test suite=corelib", arguments[arguments.IndexOf("-fw_cfg") + 1]);
        Assert.DoesNotContain("-icount", arguments);
        Assert.Equal("64M", arguments[arguments.IndexOf("-m") + 1]);
    }

    [Fact]
    public void TheSuitesOwnOptionsFollowIt()
    {
        var arguments = QemuArguments.For(new TestOptions("faultinject", TestOptions.Defaults).ToQemuOptions("lunix-test.iso", "rs.backoff=off"), null).ToList();
        Assert.Equal("name=opt/lunix/cmdline,string=poweroff test suite=faultinject rs.backoff=off", arguments[arguments.IndexOf("-fw_cfg") + 1]);
    }
}
