using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The `service` command (Userland/service.c, MINIX's minix-service): a Linux program that asks
/// RS, through Lunix's own system call, for its table and for restarts, updates and faults.
/// Run as init with its arguments after `--`.
/// </summary>
[Collection(PosixCollection.Name)]
public sealed class ServiceCommandTests(QemuFixture qemu, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private Task<QemuRun> Service(string arguments) =>
        qemu.BootAsync(ImageKind.Test, Firmware.Bios, "128M", $"poweroff test init=/bin/service -- {arguments}", Timeout, output);

    [Fact]
    public async Task ListShowsEveryServiceUp()
    {
        var run = await Service("list");
        BootAssert.LineStartingWith(run, "LABEL            ENDPOINT  STATE");
        foreach (var (label, endpoint) in new[] { ("rs", 12), ("ds", 13), ("vm", 21), ("vfs", 60), ("pm", 61) })
            BootAssert.LineContainingAll(run, label.PadRight(16) + " " + endpoint.ToString().PadLeft(8) + "  up");
        BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
    }

    [Fact]
    public async Task RestartAnswersOnceTheServiceIsUpAgain()
    {
        var run = await Service("restart hello");
        BootAssert.LineStartingWith(run, "rs: hello is up again, restart 1");
        BootAssert.LineStartingWith(run, "hello: restart done, endpoint 16");
        BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
    }

    [Fact]
    public async Task UpdateReplacesTheServiceLive()
    {
        var run = await Service("update hello");
        BootAssert.LineStartingWith(run, "hello: update done, endpoint 16");
        BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
    }

    [Fact]
    public async Task AnInjectedFaultIsRecoveredByRs()
    {
        var run = await Service("fault hello null-write");
        BootAssert.LineStartingWith(run, "hello: fault null-write injected");
        BootAssert.LineStartingWith(run, "rs: hello stopped by signal 11");
        BootAssert.LineStartingWith(run, "rs: hello is up again, restart 1");
        BootAssert.PoweredOffCleanly(run);
    }

    [Theory]
    [InlineData("restart nosuch", "service: nosuch: no such service")]
    [InlineData("fault hello bogus", "service: bogus: no such fault kind (null-write")]
    [InlineData("frobnicate hello", "usage: service [list]")]
    public async Task BadRequestsAreRefusedWithTheReason(string arguments, string message)
    {
        var run = await Service(arguments);
        BootAssert.LineStartingWith(run, message);
        BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status ");
        if (run.Lines.Any(line => line.StartsWith("pm: init (pid 1) exited with status 0", StringComparison.Ordinal)))
            BootAssert.Fail(run, "a refused request exited with status 0");
    }
}
