using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// /dev/fb0 (docs/consoles.md, "The framebuffer for programs") under UEFI, where GOP leaves a
/// 32-bit framebuffer: tests/Posix/fb_draw runs as init and passes every case, none skipped;
/// then QEMU's screendump (QMP) shows its pattern where it drew it: four squares, red, green,
/// blue and white, and a yellow line below the first (the numbers are fb_draw.c's).
/// tests/Posix/fb_mode changes the mode through FBIOPUT_VSCREENINFO (QEMU's standard VGA, Bochs
/// DISPI) and passes every case; the screendump is then 800x600, with the console's text drawn
/// at that size and the square it drew (the numbers and words are fb_mode.c's).
/// </summary>
[Collection(UefiBootCollection.Name)]
public sealed class FramebufferTests(QemuFixture qemu, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(240);
    private const int PatternX = 64, PatternY = 320, Side = 96, Gap = 32, LineY = PatternY + Side + 8;
    private static readonly int[] Colours = [0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF];
    private const int Yellow = 0xFFFF00;

    private const int ModeWidth = 800, ModeHeight = 600, SquareX = 400, SquareY = 300, SquareSide = 64;
    private const string ModeText = "fb_mode left the screen at 800x600";

    [Fact]
    public async Task FbDrawPassesEveryCaseAndItsPatternIsOnTheScreen()
    {
        PpmImage screen = await RunAsInitAsync("fb_draw");
        output.WriteLine($"screen {screen.Width}x{screen.Height}");
        var wrong = new List<string>();
        void Expect(int x, int y, int colour, string what)
        {
            int seen = screen.Pixel(x, y);
            if (seen != colour) wrong.Add($"{what} at ({x},{y}): 0x{seen:X6}, drawn 0x{colour:X6}");
        }
        for (int square = 0; square < Colours.Length; square++)
        {
            int left = PatternX + square * (Side + Gap);
            foreach (var (x, y) in new[] { (left, PatternY), (left + Side - 1, PatternY), (left + Side / 2, PatternY + Side / 2),
                                            (left, PatternY + Side - 1), (left + Side - 1, PatternY + Side - 1) })
                Expect(x, y, Colours[square], $"square {square}");
            if (screen.Pixel(left + Side + Gap / 2, PatternY + Side / 2) == Colours[square]) wrong.Add($"square {square} reaches into the gap after it");
        }
        Expect(PatternX, LineY, Yellow, "the yellow line");
        Expect(PatternX + Side - 1, LineY, Yellow, "the yellow line");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task FbModeChangesTheModeAndTheConsoleFollows()
    {
        PpmImage screen = await RunAsInitAsync("fb_mode");
        Assert.Equal((ModeWidth, ModeHeight), (screen.Width, screen.Height));
        foreach (var (x, y) in new[] { (SquareX, SquareY), (SquareX + SquareSide - 1, SquareY + SquareSide - 1) })
            Assert.Equal(0xFFFFFF, screen.Pixel(x, y));
        Assert.NotEqual(0xFFFFFF, screen.Pixel(SquareX + SquareSide, SquareY));
        string[] rows = ScreenText.Read(screen, ScreenFont.Pf2(IsoTree.FontFile));
        output.WriteLine(string.Join("\n", rows));
        Assert.Equal(ModeText, rows[0]);
    }

    // A screen the driver cannot program (QEMU's ramfb: a framebuffer in RAM that OVMF's GOP
    // describes, no PCI display): fb_draw passes every case on the firmware's mode, and the
    // driver says the mode is the firmware's only.
    [Fact]
    public async Task FbDrawPassesOnAScreenWhoseModeCannotChange()
    {
        var (run, _) = await BootAndLookAsync("test init=/tests/posix/fb_draw", ["-vga", "none", "-device", "ramfb"]);
        PosixFileProgramTests.CheckEveryCase(run, "fb_draw", output);
        BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
        BootAssert.LineContainingAll(run, "tty: framebuffer ", ", the firmware's mode only (no Bochs DISPI adapter: error 19)");
        Assert.DoesNotContain(run.Lines, line => line.Contains("# SKIP"));
    }

    // The terminal driver restarted after fb_mode set 800x600: the new one finds the adapter in
    // that mode (not the firmware's), says so, and draws its consoles at that size.
    [Fact]
    public async Task ARestartedTerminalDriverKeepsTheModeAProgramSet()
    {
        const string Restarted = "the driver restarted at 800x600";
        string commands = $"/tests/posix/fb_mode >/dev/null && /bin/service restart tty && echo {Restarted} >/dev/tty1";
        var (run, screen) = await BootAndLookAsync($"test init=/bin/sh -- -c \"{commands}\"");
        BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
        Assert.Equal(2, run.Lines.Count(line => line.StartsWith("tty: framebuffer ", StringComparison.Ordinal)));
        BootAssert.LineStartingWith(run, $"tty: framebuffer {ModeWidth}x{ModeHeight}, modes up to");
        Assert.Equal((ModeWidth, ModeHeight), (screen.Width, screen.Height));
        string[] rows = ScreenText.Read(screen, ScreenFont.Pf2(IsoTree.FontFile));
        Assert.Contains(Restarted, rows);
    }

    // The test image booted by UEFI with tests/Posix/`program` as init, which must pass every
    // case and skip none; the screen as it left it. No `poweroff`: the machine stays up after
    // init's end, with the screen as the program left it.
    private async Task<PpmImage> RunAsInitAsync(string program)
    {
        var (run, screen) = await BootAndLookAsync($"test init=/tests/posix/{program}");
        PosixFileProgramTests.CheckEveryCase(run, program, output);
        BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
        var skipped = run.Lines.Where(line => line.Contains("# SKIP")).ToList();
        if (skipped.Count > 0) BootAssert.Fail(run, $"{program} skipped cases on a machine with a framebuffer:\n{string.Join("\n", skipped)}");
        // The kernel took each mode the driver told it (DIAGCTL ScreenMode; its crash reports draw in it).
        Assert.DoesNotContain(run.Lines, line => line.StartsWith("tty: the kernel keeps its screen mode", StringComparison.Ordinal));
        return screen;
    }

    // The test image booted by UEFI with `commandLine` (and `machine`'s QEMU arguments), its log
    // and its screen once init ended.
    private async Task<(QemuRun Run, PpmImage Screen)> BootAndLookAsync(string commandLine, string[]? machine = null)
    {
        string socket = Path.Combine(Path.GetTempPath(), $"lunix-qmp-{Guid.NewGuid():N}.sock");
        var options = new QemuOptions(qemu.IsoPath(ImageKind.Test), Headless: true, Firmware.Uefi, "128M", commandLine,
                                      ExtraArguments: [.. QemuMonitor.Arguments(socket), .. machine ?? []]);
        try
        {
            PpmImage screen;
            QemuRun run;
            await using (var session = await qemu.StartSessionAsync(options, output))
            {
                await session.LineAsync("pm: init (pid 1) exited with status", Timeout);
                await using (var monitor = await QemuMonitor.ConnectAsync(socket, TimeSpan.FromSeconds(10)))
                    screen = await monitor.ScreenAsync();
                run = await session.FinishAsync(TimeSpan.FromSeconds(1));
            }
            return (run, screen);
        }
        finally
        {
            File.Delete(socket);
        }
    }
}
