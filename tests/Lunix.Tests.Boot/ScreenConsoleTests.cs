using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The screen's virtual consoles (docs/consoles.md) as a person at the machine meets them:
/// keys pressed on QEMU's PS/2 keyboard (QMP send-key), the screen read back from QEMU's
/// screendump glyph by glyph (VGA text under BIOS, the framebuffer under UEFI). A command typed
/// on /dev/tty1 runs and shows; Alt-F2 shows another console with its own shell; Alt-F1 shows
/// the first one as it was; Ctrl-C interrupts a console's foreground job; busybox's openvt, chvt
/// and deallocvt work from the serial shell; after a crash of the
/// terminal driver the console's shell goes on; the serial console works throughout, and the
/// kernel's log stays off the screen once the terminal driver has it.
/// </summary>
public abstract class ScreenConsoleTests(QemuFixture qemu, ITestOutputHelper output, Firmware firmware, TimeSpan timeout)
{
    private const string Prompt = "root@lunix:/# ";

    protected abstract ScreenFont Font(PpmImage screen);

    [Fact]
    public async Task ACommandTypedOnTheScreenConsoleRunsAndEachConsoleKeepsItsScreen()
    {
        string socket = Path.Combine(Path.GetTempPath(), $"lunix-qmp-{Guid.NewGuid():N}.sock");
        var options = new QemuOptions(qemu.IsoPath(ImageKind.System), Headless: true, firmware, "128M", "test",
                                      ExtraArguments: QemuMonitor.Arguments(socket));
        try
        {
            await using var machine = await qemu.StartSessionAsync(options, output);
            await machine.PromptAsync(Prompt, timeout);
            await using var monitor = await QemuMonitor.ConnectAsync(socket, TimeSpan.FromSeconds(10));

            string[] first = await ScreenWhereAsync(monitor, rows => rows.Any(row => row == Prompt.TrimEnd()), "tty1's prompt");
            Assert.DoesNotContain(first, row => row.Contains("Welcome to Lunix"));     // /etc/rc's, on the serial console only
            await monitor.TypeAsync("echo hello > /tmp/x; cat /tmp/x\r");
            first = await ScreenWhereAsync(monitor, rows => Array.IndexOf(rows, "hello") > 0
                                           && rows[Array.IndexOf(rows, "hello") - 1] == Prompt + "echo hello > /tmp/x; cat /tmp/x"
                                           && rows[Array.IndexOf(rows, "hello") + 1] == Prompt.TrimEnd(), "the command and its output");

            // It ran: the serial console's shell sees its file.
            await machine.TypeAsync("cat /tmp/x; echo serial $((6 * 7))\r");
            await machine.LineAsync("hello", timeout);
            await machine.LineAsync("serial 42", timeout);

            await monitor.PressAsync("alt", "f2");
            await ScreenWhereAsync(monitor, rows => rows.Contains("Please press Enter to activate this console."), "tty2's invitation (askfirst)");
            await monitor.PressAsync("ret");
            await ScreenWhereAsync(monitor, rows => rows.Any(row => row == Prompt.TrimEnd()) && !rows.Contains("hello"), "tty2's own prompt");
            await monitor.TypeAsync("tty\r");
            await ScreenWhereAsync(monitor, rows => rows.Contains("/dev/tty2"), "tty2's `tty`");
            // Ctrl-C on the keyboard interrupts tty2's foreground job (long before it would end).
            await monitor.TypeAsync("sleep 1000\r");
            await ScreenWhereAsync(monitor, rows => rows.Contains(Prompt + "sleep 1000"), "the sleep typed");
            await monitor.PressAsync("ctrl", "c");
            await ScreenWhereAsync(monitor, rows => Array.FindIndex(rows, row => row.StartsWith(Prompt + "sleep 1000", StringComparison.Ordinal)) is var at and >= 0
                                                   && rows.Skip(at + 1).Contains(Prompt.TrimEnd()), "a prompt after ^C");

            await monitor.PressAsync("alt", "f1");
            await ScreenWhereAsync(monitor, rows => rows.SequenceEqual(first), "tty1's screen as it was");

            // busybox's VT commands from the serial shell (the VT ioctls on /dev/tty0): openvt
            // starts a program on tty3, chvt shows it; every console is in use (tty1's shell,
            // init's askfirst on the others), so openvt finds none free and deallocvt frees
            // none; chvt 1 shows tty1 as it was.
            await machine.TypeAsync("openvt -c 3 -- sh -c 'tty; echo on three; exec sleep 1000'; echo openvt $?\r");
            await machine.LineAsync("openvt 0", timeout);
            await machine.TypeAsync("chvt 3; echo chvt $?\r");
            await machine.LineAsync("chvt 0", timeout);
            // (after askfirst's invitation, which has no newline)
            await ScreenWhereAsync(monitor, rows => Array.FindIndex(rows, row => row.EndsWith("/dev/tty3", StringComparison.Ordinal)) is var at and >= 0
                                                   && at + 1 < rows.Length && rows[at + 1] == "on three", "openvt's program on tty3");
            await machine.TypeAsync("openvt true; deallocvt 3; echo shown $?; deallocvt 4; echo open $?; deallocvt; echo unused $?\r");
            await machine.LineAsync("openvt: can't find open VT", timeout);
            await machine.LineAsync("shown 1", timeout);
            await machine.LineAsync("open 1", timeout);
            await machine.LineAsync("unused 0", timeout);
            await machine.TypeAsync("chvt 1\r");
            await ScreenWhereAsync(monitor, rows => rows.SequenceEqual(first), "tty1's screen after chvt 1");

            // A crash of the terminal driver: RS restarts it, it takes the screen again (blank)
            // and tty1's shell, whose read VFS makes again, still runs what is typed.
            var crash = machine.Qemu.Mark();
            await machine.TypeAsync("service fault tty null-write\r");
            await machine.LineAsync("rs: tty is up again, restart 1", timeout, crash.Lines);
            await monitor.TypeAsync("echo again $((6 * 7))\r");
            await ScreenWhereAsync(monitor, rows => rows.Contains("again 42"), "tty1's shell after the driver's restart");

            await machine.TypeAsync("poweroff\r");
            var run = await machine.FinishAsync(timeout);
            BootAssert.PoweredOffCleanly(run);
        }
        finally
        {
            File.Delete(socket);
        }
    }

    // Screendumps until the text satisfies `wanted`; fails with the last one at the timeout.
    private async Task<string[]> ScreenWhereAsync(QemuMonitor monitor, Func<string[], bool> wanted, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        string[] rows = [];
        while (DateTime.UtcNow < deadline)
        {
            PpmImage screen = await monitor.ScreenAsync();
            rows = ScreenText.Read(screen, Font(screen));
            if (wanted(rows)) return rows;
            await Task.Delay(500);
        }
        output.WriteLine(string.Join("\n", rows.Select((row, i) => $"{i,2}|{row}")));
        Assert.Fail($"the screen did not show {what} within {timeout.TotalSeconds} s");
        return rows;
    }
}

[Collection(BiosBootCollection.Name)]
public sealed class BiosScreenConsoleTests(QemuFixture qemu, ITestOutputHelper output)
    : ScreenConsoleTests(qemu, output, Firmware.Bios, TimeSpan.FromSeconds(90))
{
    // VGA text: 80x25 cells, QEMU draws them 9 pixels wide.
    protected override ScreenFont Font(PpmImage screen) => Vga ??= ScreenFont.Vga(screen.Width / 80);
    private static ScreenFont? Vga;
}

[Collection(UefiBootCollection.Name)]
public sealed class UefiScreenConsoleTests(QemuFixture qemu, ITestOutputHelper output)
    : ScreenConsoleTests(qemu, output, Firmware.Uefi, TimeSpan.FromSeconds(180))
{
    protected override ScreenFont Font(PpmImage screen) => Grub;
    private static readonly ScreenFont Grub = ScreenFont.Pf2(IsoTree.FontFile);
}
