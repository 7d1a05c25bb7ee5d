using System.ComponentModel;
using System.Diagnostics;

namespace Lunix.Boot;

/// <summary>`run`: boots an image (iso/lunix.iso unless --image test) in QEMU, on the terminal or headless for scripts.</summary>
public static class RunCommand
{
    public static async Task<int> ExecuteAsync(IReadOnlyList<string> arguments)
    {
        var (options, error) = RunOptions.Parse(arguments);
        if (options == null)
        {
            Console.Error.WriteLine($"lunix-boot: run: {error}");
            Console.Error.WriteLine(RunOptions.Usage);
            return BootExitStatus.Usage;
        }

        if (BootableIso.FindOrExplain(options.Image) is not { } iso) return BootExitStatus.Failed;

        var qemuOptions = options.ToQemuOptions(iso);
        if (options.Headless) return await RunHeadlessAsync(qemuOptions, TimeSpan.FromSeconds(options.TimeoutSeconds));
        if (!Console.IsInputRedirected) return RunInteractive(qemuOptions);
        // Input from a pipe or a file: QEMU must not read it itself, or the firmware and GRUB
        // eat it as keys; the session passes it on once the kernel runs. No time limit: the run
        // ends when the guest powers off (or at Ctrl-C).
        Console.Error.WriteLine("lunix-boot: the serial console's input comes from stdin once the kernel runs; quit with Ctrl-C, or let the guest power off");
        return await RunHeadlessAsync(qemuOptions with { Headless = true, ShowDisplay = false }, Timeout.InfiniteTimeSpan);
    }

    private static async Task<int> RunHeadlessAsync(QemuOptions qemuOptions, TimeSpan timeout)
    {
        // Console.Out flushes after every write, so each line reaches a pipe as it arrives. What
        // comes on stdin goes to the guest's serial port, and an in-guest suite that asks for
        // keys ("# type: ...") gets them.
        var run = await QemuRunner.RunAsync(qemuOptions, timeout, Console.Out.WriteLine,
                                            typeOnRequest: true, input: Console.OpenStandardInput());
        if (run.StartError != null) Console.Error.WriteLine($"lunix-boot: {run.StartError}");
        foreach (var message in run.QemuMessages) Console.Error.WriteLine(message);
        if (run.TimedOut) Console.Error.WriteLine($"lunix-boot: timeout after {timeout.TotalSeconds} s");
        else if (run.CrashSeen) Console.Error.WriteLine("lunix-boot: kernel crash report seen");
        else if (run.ExitCode is { } code and not 0) Console.Error.WriteLine($"lunix-boot: qemu exited with status {code}");
        return run.ToolExitStatus;
    }

    /// <summary>
    /// QEMU owns the terminal until the user quits (Ctrl-A X) or the guest powers off; its exit
    /// status is ours. QEMU puts the terminal in raw mode, so keys go to the guest as typed,
    /// Ctrl-C included. The terminal's settings are saved first and put back afterwards, whatever
    /// became of QEMU.
    /// </summary>
    private static int RunInteractive(QemuOptions qemuOptions)
    {
        OvmfFirmware? ovmf = null;
        if (qemuOptions.Firmware == Firmware.Uefi)
        {
            (ovmf, var error) = OvmfFirmware.CreateVarsCopy();
            if (error != null)
            {
                Console.Error.WriteLine($"lunix-boot: {error}");
                return BootExitStatus.Failed;
            }
        }
        using (ovmf)
        {
            var start = new ProcessStartInfo(QemuArguments.Executable) { UseShellExecute = false };
            foreach (var argument in QemuArguments.For(qemuOptions, ovmf?.VarsPath)) start.ArgumentList.Add(argument);
            var terminal = Stty("-g");
            Console.Error.WriteLine("lunix-boot: the serial console is on this terminal; quit QEMU with Ctrl-A X (Ctrl-A C toggles QEMU's monitor)");
            try
            {
                using var process = Process.Start(start)!;
                process.WaitForExit();
                return process.ExitCode;
            }
            catch (Win32Exception e)
            {
                Console.Error.WriteLine($"lunix-boot: cannot start {QemuArguments.Executable}: {e.Message}");
                return BootExitStatus.Failed;
            }
            finally
            {
                if (terminal != null) Stty(terminal);
            }
        }
    }

    /// <summary>stty on this process's terminal (its stdin): its output, or null when it failed.</summary>
    private static string? Stty(string argument)
    {
        try
        {
            var start = new ProcessStartInfo("stty") { UseShellExecute = false, RedirectStandardOutput = true };
            start.ArgumentList.Add(argument);
            using var stty = Process.Start(start)!;
            var output = stty.StandardOutput.ReadToEnd().Trim();
            stty.WaitForExit();
            return stty.ExitCode == 0 ? output : null;
        }
        catch (Win32Exception)
        {
            return null;
        }
    }
}
