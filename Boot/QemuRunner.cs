using System.ComponentModel;
using System.Diagnostics;

namespace Lunix.Boot;

/// <summary>
/// Boots a headless QEMU, hands each serial line to a callback as it arrives, and never waits
/// on a hung guest: at the time limit, or shortly after a crash report, QEMU is killed.
/// Shared by `run --headless`, `test`, `bench` (Lunix and its Linux peer) and the boot tests.
/// </summary>
public static class QemuRunner
{
    /// <summary>After a crash report the kernel may still be printing (stack trace) and then
    /// halt or power off by itself; this long it gets before QEMU is killed.</summary>
    public static readonly TimeSpan CrashGracePeriod = TimeSpan.FromSeconds(5);

    public static async Task<QemuRun> RunAsync(QemuOptions options, TimeSpan timeout, Action<string>? onLine = null)
    {
        if (!options.Headless) throw new ArgumentException("the runner reads the serial port: options must be headless", nameof(options));
        if (!File.Exists(options.IsoPath)) return QemuRun.NotStarted($"{options.IsoPath} not found; run: dotnet build Lunix.sln");

        OvmfFirmware? ovmf = null;
        if (options.Firmware == Firmware.Uefi)
        {
            (ovmf, var error) = OvmfFirmware.CreateVarsCopy();
            if (error != null) return QemuRun.NotStarted(error);
        }
        using (ovmf)
        {
            return await RunAsync(QemuArguments.For(options, ovmf?.VarsPath), timeout, onLine);
        }
    }

    /// <summary>
    /// A headless machine whose arguments the caller made (the Linux peer boots a kernel, not an
    /// ISO); they must send the serial port to stdout, as <see cref="QemuArguments"/> does.
    /// </summary>
    public static async Task<QemuRun> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, Action<string>? onLine = null)
    {
        var start = new ProcessStartInfo(QemuArguments.Executable)
        {
            UseShellExecute = false,
            // stdin is a pipe we never write to: QEMU must not read the user's terminal.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return QemuRun.NotStarted($"cannot start {QemuArguments.Executable}: {e.Message}; run: bash Boot/native-tools.sh");
        }

        var lines = new List<string>();
        var qemuMessages = new List<string>();
        var crashReported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var serialReader = Task.Run(async () =>
        {
            await foreach (var line in SerialLine.ReadAllAsync(process.StandardOutput))
            {
                lock (lines) lines.Add(line);
                onLine?.Invoke(line);
                if (SerialLine.IsCrashReport(line)) crashReported.TrySetResult();
            }
        });
        var stderrReader = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
                lock (qemuMessages) qemuMessages.Add(line);
        });

        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(exited, crashReported.Task, Task.Delay(timeout));
        var timedOut = false;
        if (first == crashReported.Task)
        {
            await Task.WhenAny(exited, Task.Delay(CrashGracePeriod));
            Kill(process);
        }
        else if (first != exited)
        {
            timedOut = true;
            Kill(process);
        }

        await exited;
        // The pipes close when QEMU is gone, so both readers finish and no line is lost.
        await Task.WhenAll(serialReader, stderrReader);

        var crashSeen = lines.Any(SerialLine.IsCrashReport);
        return new QemuRun(process.ExitCode, lines, qemuMessages, timedOut, crashSeen);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill: nothing left to stop.
        }
    }
}
