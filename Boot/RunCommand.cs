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
        return options.Headless
            ? await RunHeadlessAsync(qemuOptions, options.TimeoutSeconds)
            : RunInteractive(qemuOptions);
    }

    private static async Task<int> RunHeadlessAsync(QemuOptions qemuOptions, int timeoutSeconds)
    {
        // Console.Out flushes after every write, so each line reaches a pipe as it arrives. What
        // comes on stdin goes to the guest's serial port, and an in-guest suite that asks for
        // keys ("# type: ...") gets them.
        var run = await QemuRunner.RunAsync(qemuOptions, TimeSpan.FromSeconds(timeoutSeconds), Console.Out.WriteLine,
                                            typeOnRequest: true, input: Console.OpenStandardInput());
        if (run.StartError != null) Console.Error.WriteLine($"lunix-boot: {run.StartError}");
        foreach (var message in run.QemuMessages) Console.Error.WriteLine(message);
        if (run.TimedOut) Console.Error.WriteLine($"lunix-boot: timeout after {timeoutSeconds} s");
        else if (run.CrashSeen) Console.Error.WriteLine("lunix-boot: kernel crash report seen");
        else if (run.ExitCode is { } code and not 0) Console.Error.WriteLine($"lunix-boot: qemu exited with status {code}");
        return run.ToolExitStatus;
    }

    /// <summary>
    /// QEMU owns the terminal until the user quits (Ctrl-A X) or the guest powers off; its exit
    /// status is ours. Keys go to the guest as typed, Ctrl-C included; input from a pipe goes to
    /// the guest the same way. The terminal's settings are saved first and put back afterwards,
    /// whatever became of QEMU.
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
            var terminal = Console.IsInputRedirected ? null : Stty("-g");
            Console.Error.WriteLine(terminal != null
                ? "lunix-boot: the serial console is on this terminal; quit QEMU with Ctrl-A X (Ctrl-A C toggles QEMU's monitor)"
                : "lunix-boot: the serial console's input comes from stdin; quit with Ctrl-C, or let the guest power off");
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
