using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// The tty suite (kernel option suite=tty, tty.pm=31): ttytest talks to the terminal driver on
/// COM1 as VFS does and stands in for PM; what it needs typed it asks for ("# type: ..."), and
/// the runner types it into the serial port. Besides its cases, what the serial line showed is
/// checked byte for byte: the driver's echo of erase, kill, word erase, ^H and ^C, and a console
/// line breaking a half-typed line.
/// </summary>
[Collection(BiosBootCollection.Name)]
public sealed class TtySuiteTests(QemuFixture qemu, ITestOutputHelper output) : InGuestSuite(qemu, output, "tty", timeoutSeconds: 240)
{
    // tests/InGuest/Tty/TtyTest/TtyTest.cs, in order.
    public static readonly TheoryData<int, string> Cases = new()
    {
        { 1, "a session leader's open makes the terminal its controlling terminal" },
        { 2, "TCGETS gives Linux's default termios" },
        { 3, "a canonical read returns the typed line with erase and kill applied" },
        { 4, "^W erases the last word and ^H is an ordinary character" },
        { 5, "^D at the start of a line reads as end of file, after text it ends the line" },
        { 6, "^C sends SIGINT to the foreground group by PM's protocol and throws the typed line away" },
        { 7, "^Z sends SIGTSTP and ^\\ sends SIGQUIT" },
        { 8, "a write goes out on the serial line" },
        { 9, "raw mode with VMIN 1 returns each byte as it is typed" },
        { 10, "raw mode with VMIN 0 and VTIME 3 returns nothing after 0.3 s" },
        { 11, "VMIN 0 VTIME 0 returns at once; a nonblocking canonical read with no line fails with EAGAIN" },
        { 12, "TIOCSWINSZ signals SIGWINCH to the foreground group and TIOCGWINSZ reads it back" },
        { 13, "FIONREAD counts a typed line and TCFLSH throws it away" },
        { 14, "a background read gets SIGTTIN and the restart code, or EIO when SIGTTIN is ignored" },
        { 15, "a background TIOCSPGRP gets SIGTTOU; the foreground moves the group" },
        { 16, "an unknown ioctl is ENOTTY and /dev/tty without a controlling terminal ENXIO" },
        { 17, "Cancel ends a held read with EINTR and a Cancel of nothing held gets no answer" },
        { 18, "Select sees no input, then a SelectReady once a line is typed; output is always ready" },
        { 19, "TCSETSW and TCSBRK 1 answer once the output is drained" },
        { 20, "a console line while a line is half typed breaks it and prints it again below" },
        { 21, "a write with TOSTOP from the background gets SIGTTOU; without TOSTOP it goes out" },
        { 22, "RS restarts the driver after a crash and it serves again from Linux's defaults" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public Task Passes(int number, string name) => CasePasses(number, name);

    [Fact]
    public Task PlanMatchesAndBootCompletes() => CheckPlanAndBoot(Cases.Count);

    // The echo as it went out on COM1 (ECHO, ECHOE, ECHOK, ECHOKE, ECHOCTL, ONLCR: Linux's
    // defaults): each erased character backed over with "\b \b", ^H shown as "^H", the Enter
    // typed as '\r' echoed as "\r\n".
    [Theory]
    [InlineData("kill and erase", "wrong\b \b\b \b\b \b\b \b\b \bhx\b \bello\r\n")]
    [InlineData("word erase and ^H", "echo foo\b \b\b \b\b \bbar^Hz\r\n")]
    [InlineData("^C, then the next line", "^Ckept\r\n")]
    [InlineData("^\\ (^Z is flushed with it)", "^\\")]
    [InlineData("a program's write, '\\n' sent as \"\\r\\n\"", "ttytest: written through the terminal\r\n")]
    public async Task EchoOnTheSerialLine(string what, string expected)
    {
        var run = await SuiteRun();
        if (!run.RawOutput.Contains(expected, StringComparison.Ordinal))
            BootAssert.Fail(run, $"the serial line never showed the echo of {what}: {Visible(expected)}\n--- raw ---\n{Visible(run.RawOutput)}");
    }

    // The kernel's console line came while "half" was typed: the line was ended, the console
    // line printed, and "half" printed again, so the rest of the line follows what was typed.
    [Fact]
    public async Task ConsoleLineBreaksAHalfTypedLineAndReprintsIt()
    {
        var run = await SuiteRun();
        const string consoleLine = "# ttytest: a console line while a line is half typed";
        int at = run.RawOutput.IndexOf("half\r\n" + consoleLine, StringComparison.Ordinal);
        if (at < 0) BootAssert.Fail(run, $"no \"half\" ended before the console line\n--- raw ---\n{Visible(run.RawOutput)}");
        if (run.RawOutput.IndexOf("\nhalfline\r\n", at, StringComparison.Ordinal) < 0)
            BootAssert.Fail(run, $"\"half\" not printed again below the console line\n--- raw ---\n{Visible(run.RawOutput)}");
    }

    private static string Visible(string text) => GuestKeys.Escape(System.Text.Encoding.Latin1.GetBytes(text));
}

/// <summary>
/// The terminal from the host's side: `Boot -- run` with a pipe on its stdin (issue 15's item
/// 9) and a session typing into the guest by hand. Both read through the ttyline suite, which
/// reads one line from the terminal driver and prints it.
/// </summary>
[Collection(BiosBootCollection.Name)]
public sealed class TerminalInputTests(QemuFixture qemu, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    // Not headless: a user's `run`, whose input is a pipe. The line goes in once the kernel
    // runs (the firmware and GRUB would eat it), and waits in the UART for the driver.
    [Fact]
    public async Task RunPassesPipedInputToTheGuestsTerminal()
    {
        var (exitCode, text) = await qemu.RunToolAsync(["run", "--image", "test", "--cmdline", "poweroff test suite=ttyline"],
                                                       "piped line\n", Timeout, output);
        Assert.True(text.Contains("# ttyline: read \"piped line\\n\"", StringComparison.Ordinal), text);
        Assert.Contains("ok 1 - a line typed on COM1 came through the terminal driver", text);
        Assert.Equal(0, exitCode);
    }

    // On a terminal (issue 15's item 9): QEMU puts it in raw mode, so Enter comes as '\r' and
    // the guest's terminal makes it the line's end; afterwards the terminal is as it was.
    [Fact]
    public async Task RunOnATerminalPassesKeysAndPutsTheTerminalBack()
    {
        var (exitCode, text) = await qemu.RunToolAsync(["run", "--image", "test", "--cmdline", "poweroff test suite=ttyline"],
                                                       "typed on a terminal\r", Timeout, output, inputAfter: "1..1", onTerminal: true);
        Assert.True(text.Contains("# ttyline: read \"typed on a terminal\\n\"", StringComparison.Ordinal), text);
        Assert.Contains("exit 0", text);
        // stty -g's lines (QEMU's own escapes may come before the second).
        var settings = System.Text.RegularExpressions.Regex.Matches(text, "[0-9a-f]+(?::[0-9a-f]+){20,}").Select(match => match.Value).ToList();
        Assert.True(settings.Count == 2, $"two stty -g lines expected\n{text}");
        Assert.Equal(settings[0], settings[1]);
        Assert.Equal(0, exitCode);
    }

    // Typed by hand into a running machine: the echo of each key, DEL erasing, then the line read.
    [Fact]
    public async Task KeysTypedIntoASessionAreEchoedEditedAndRead()
    {
        await using var machine = await qemu.StartSessionAsync(ImageKind.Test, "poweroff test suite=ttyline", output);
        await machine.LineAsync("1..1", Timeout);
        await machine.TypeAsync("typed by hand\x7f\x7fHAND\r");
        await machine.LineAsync("# ttyline: read \"typed by haHAND\\n\"", Timeout);
        var run = await machine.FinishAsync(Timeout);
        Assert.Contains("typed by hand\b \b\b \bHAND\r\n", run.RawOutput);
        BootAssert.LineStartingWith(run, "ok 1 - a line typed on COM1 came through the terminal driver");
        BootAssert.PoweredOffCleanly(run);
    }
}

/// <summary>
/// The terminal driver faulted on purpose (`service fault tty`, RS's fault injection): RS
/// restarts it, the new one takes COM1 again, and the console goes on through it; under
/// busybox's login shell, the same shell goes on with its terminal and its job control.
/// </summary>
[Collection(PosixCollection.Name)]
public sealed class TtyRecoveryTests(QemuFixture qemu, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task AFaultedTerminalDriverIsRestartedAndTheConsoleGoesOn()
    {
        var run = await qemu.BootAsync(ImageKind.Test, Firmware.Bios, "128M", "poweroff test init=/bin/service -- fault tty null-write", Timeout, output);
        // service prints its line once RS answered, after the restart: through the new driver.
        var order = new[] { "lunix: process tty (slot 67) stopped: page fault", "rs: tty stopped by signal 11", "rs: tty is up again, restart 1",
                            "tty: fault null-write injected", "pm: init (pid 1) exited with status 0" };
        int from = 0;
        foreach (var prefix in order)
        {
            int at = run.Lines.Skip(from).ToList().FindIndex(line => line.StartsWith(prefix, StringComparison.Ordinal));
            if (at < 0) BootAssert.Fail(run, $"no line starting with '{prefix}' after the one before it");
            from += at + 1;
        }
        BootAssert.PoweredOffCleanly(run);
    }

    // The system image's login shell on ttyS0 (issue 15's recovery item). First the driver is
    // crashed by a foreground command: the restarted driver must still be the session's
    // controlling terminal (its ties kept in DS), or ash's tcsetpgrp fails with ENOTTY ("can't
    // set tty process group") and a pipeline's jobs cannot have the terminal. Then by a
    // background job while the shell waits at its prompt: its read, held on the old driver,
    // must be made again to the new one (VFS hears of the restart from DS), or nothing typed
    // ever reaches the shell.
    [Fact]
    public async Task TheLoginShellGoesOnWhenItsTerminalDriverCrashes()
    {
        await using var machine = await qemu.StartSessionAsync(ImageKind.System, "test", output);
        await machine.PromptAsync(Prompt, Timeout);
        await Command(machine, "echo before-$((6*7))", "before-42");

        var crash = machine.Qemu.Mark();
        await machine.TypeAsync("service fault tty null-write\r");
        await machine.LineAsync("rs: tty is up again, restart 1", Timeout, crash.Lines);
        await machine.LineAsync("tty: fault null-write injected", Timeout, crash.Lines);
        await machine.PromptAsync(Prompt, Timeout, crash.Offset);
        await Command(machine, "echo after-$((6*7))", "after-42");
        await Command(machine, "echo piped | tr a-z A-Z", "PIPED");

        crash = machine.Qemu.Mark();
        await machine.TypeAsync("(sleep 2; service fault tty null-write) &\r");
        await machine.LineAsync("rs: tty is up again, restart 2", Timeout, crash.Lines);
        await machine.LineAsync("tty: fault null-write injected", Timeout, crash.Lines);
        await Command(machine, "echo again-$((6*7))", "again-42");

        await machine.TypeAsync("poweroff\r");
        var run = await machine.FinishAsync(Timeout);
        if (run.Lines.Any(line => line.Contains("can't set tty process group", StringComparison.Ordinal)))
            BootAssert.Fail(run, "the shell lost its controlling terminal with the driver");
        BootAssert.LineContainingAll(run, "The system is going down NOW!");
        BootAssert.PoweredOffCleanly(run);
    }

    private const string Prompt = "root@lunix:/# ";

    // A command typed at the prompt, its output line awaited, then the next prompt (the only one
    // after the mark: the one the command was typed at came before it).
    private static async Task Command(MachineSession machine, string command, string expected)
    {
        var mark = machine.Qemu.Mark();
        await machine.TypeAsync(command + "\r");
        await machine.LineAsync(expected, Timeout, mark.Lines);
        await machine.PromptAsync(Prompt, Timeout, mark.Offset);
    }
}
