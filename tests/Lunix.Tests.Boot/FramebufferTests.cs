using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// /dev/fb0 (docs/consoles.md, "The framebuffer for programs") under UEFI, where GOP leaves a
/// 32-bit framebuffer: tests/Posix/fb_draw runs as init and passes every case, none skipped;
/// then QEMU's screendump (QMP) shows its pattern where it drew it: four squares, red, green,
/// blue and white, and a yellow line below the first (the numbers are fb_draw.c's).
/// </summary>
[Collection(UefiBootCollection.Name)]
public sealed class FramebufferTests(QemuFixture qemu, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(240);
    private const int PatternX = 64, PatternY = 320, Side = 96, Gap = 32, LineY = PatternY + Side + 8;
    private static readonly int[] Colours = [0xFF0000, 0x00FF00, 0x0000FF, 0xFFFFFF];
    private const int Yellow = 0xFFFF00;

    [Fact]
    public async Task FbDrawPassesEveryCaseAndItsPatternIsOnTheScreen()
    {
        string socket = Path.Combine(Path.GetTempPath(), $"lunix-qmp-{Guid.NewGuid():N}.sock");
        // No `poweroff`: the machine stays up after init's end, with the screen as fb_draw left it.
        var options = new QemuOptions(qemu.IsoPath(ImageKind.Test), Headless: true, Firmware.Uefi, "128M", "test init=/tests/posix/fb_draw",
                                      ExtraArguments: QemuMonitor.Arguments(socket));
        try
        {
            PpmImage screen;
            QemuRun run;
            await using (var machine = await qemu.StartSessionAsync(options, output))
            {
                await machine.LineAsync("pm: init (pid 1) exited with status", Timeout);
                await using (var monitor = await QemuMonitor.ConnectAsync(socket, TimeSpan.FromSeconds(10)))
                    screen = await monitor.ScreenAsync();
                run = await machine.FinishAsync(TimeSpan.FromSeconds(1));
            }
            PosixFileProgramTests.CheckEveryCase(run, "fb_draw", output);
            BootAssert.LineStartingWith(run, "pm: init (pid 1) exited with status 0");
            var skipped = run.Lines.Where(line => line.Contains("# SKIP")).ToList();
            if (skipped.Count > 0) BootAssert.Fail(run, $"fb_draw skipped cases on a machine with a framebuffer:\n{string.Join("\n", skipped)}");

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
        finally
        {
            File.Delete(socket);
        }
    }
}
