using Lunix.Boot;
using Lunix.Manifest;
using Xunit.Abstractions;

namespace Lunix.Tests.Boot;

/// <summary>
/// Shared by every boot test: the two ISOs the solution build produced (the system image a user
/// boots, the test image with the test kernel and the in-guest suites' programs), the manifest
/// they were made from, and the rule that at most two QEMUs run at a time (the machine has two
/// cores and TCG keeps each one busy).
/// </summary>
public sealed class QemuFixture
{
    /// <summary>Static: xunit makes one fixture per collection, the limit is for the whole run.</summary>
    private static readonly SemaphoreSlim MachineSlots = new(2, 2);

    public string Root { get; } = "";

    public ProgramManifest? Manifest { get; }

    /// <summary>Why no test can boot (no checkout, no ISO, a bad manifest), else null.</summary>
    public string? Problem { get; }

    public QemuFixture()
    {
        // Building the ISOs is the solution build's job; a test run only checks they are there.
        if (RepositoryRoot.Find() is not { } root)
        {
            Problem = $"no {RepositoryRoot.MarkerFile} above {AppContext.BaseDirectory}";
            return;
        }
        Root = root;
        foreach (var image in new[] { ImageKind.System, ImageKind.Test })
            if (!File.Exists(IsoPath(image))) Problem = $"{IsoPath(image)} not found; build it first with: dotnet build Lunix.sln";
        Manifest = ManifestReader.Read(Path.Combine(root, ManifestReader.FileName), root, out var errors);
        if (Manifest == null) Problem = $"manifest.toml: {string.Join("; ", errors.Select(error => $"line {error.Line}: {error.Message}"))}";
    }

    public string IsoPath(ImageKind image) => RepositoryRoot.IsoPath(Root, image);

    /// <summary>Boots an image headless once the machine has a free slot; the time limit starts then.</summary>
    public Task<QemuRun> BootAsync(ImageKind image, Firmware firmware, string memory, string kernelCommandLine, TimeSpan timeout, ITestOutputHelper output)
    {
        if (Problem != null) Assert.Fail(Problem);
        return BootAsync(new QemuOptions(IsoPath(image), Headless: true, firmware, memory, kernelCommandLine), timeout, output);
    }

    /// <summary>Boots with options built by the caller (the bench command's, for instance). In-guest
    /// suites that need keys typed (tty) ask for them on the console, and get them.</summary>
    public async Task<QemuRun> BootAsync(QemuOptions options, TimeSpan timeout, ITestOutputHelper output)
    {
        if (Problem != null) Assert.Fail(Problem);
        options = WithTestCpus(options);
        var firmware = options.Firmware;
        var memory = options.Memory;
        var kernelCommandLine = options.KernelCommandLine;

        return await InMachineSlotAsync(() => QemuRunner.RunAsync(options, timeout, typeOnRequest: true),
                                        $"{Path.GetFileName(options.IsoPath)} {firmware} {memory} \"{kernelCommandLine}\"", output);
    }

    /// <summary>
    /// LUNIX_TEST_CPUS=N runs every machine that does not ask for a number of processors with N
    /// (the whole suite on a multiprocessor: README's "Tests on several processors").
    /// </summary>
    private static QemuOptions WithTestCpus(QemuOptions options) =>
        options.Cpus == 1 && int.TryParse(Environment.GetEnvironmentVariable("LUNIX_TEST_CPUS"), out int cpus) && cpus > 1
            ? options with { Cpus = cpus }
            : options;

    /// <summary>Boots a machine whose QEMU arguments the caller made (the Linux peer), once a slot is free.</summary>
    public Task<QemuRun> BootAsync(IReadOnlyList<string> arguments, string description, TimeSpan timeout, ITestOutputHelper output) =>
        InMachineSlotAsync(() => QemuRunner.RunAsync(arguments, timeout), description, output);

    private static async Task<QemuRun> InMachineSlotAsync(Func<Task<QemuRun>> boot, string description, ITestOutputHelper output)
    {
        await MachineSlots.WaitAsync();
        QemuRun run;
        try
        {
            run = await boot();
        }
        finally
        {
            MachineSlots.Release();
        }
        // The log itself goes into failure messages; here only what ran and how it ended.
        output.WriteLine($"{description}: {run.Lines.Count} serial lines, " +
                         $"qemu exit {run.ExitCode?.ToString() ?? "none"}, timed out {run.TimedOut}, crash seen {run.CrashSeen}");
        return run;
    }

    /// <summary>
    /// The Boot tool itself, as a user runs it (`dotnet run --project Boot -- ARGUMENTS`), once a
    /// machine slot is free: its exit status and output. <paramref name="input"/> goes to its
    /// stdin, a pipe, at once, or once its output shows <paramref name="inputAfter"/> (then stdin
    /// stays open until it ends). With <paramref name="onTerminal"/> it runs on a terminal of its
    /// own, a pseudo-terminal made by util-linux's script(1), which also prints the terminal's
    /// settings (stty -g) before and after. Killed at the time limit (exit status null).
    /// </summary>
    public async Task<(int? ExitCode, string Output)> RunToolAsync(IReadOnlyList<string> arguments, string input, TimeSpan timeout,
                                                                   ITestOutputHelper output, string? inputAfter = null, bool onTerminal = false)
    {
        if (Problem != null) Assert.Fail(Problem);
        await MachineSlots.WaitAsync();
        try
        {
            var tool = new List<string> { "dotnet", typeof(QemuRunner).Assembly.Location };
            tool.AddRange(arguments);
            var start = new System.Diagnostics.ProcessStartInfo(onTerminal ? "script" : tool[0])
            {
                UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
                WorkingDirectory = Root,
            };
            if (onTerminal)
            {
                var command = string.Join(' ', tool.Select(word => "'" + word.Replace("'", "'\\''") + "'"));
                foreach (var argument in new[] { "-qfec", $"stty -g; {command}; echo \"exit $?\"; stty -g", "/dev/null" }) start.ArgumentList.Add(argument);
            }
            else foreach (var argument in tool.Skip(1)) start.ArgumentList.Add(argument);
            using var process = System.Diagnostics.Process.Start(start)!;
            var text = new System.Text.StringBuilder();
            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var stdout = Task.Run(async () =>
            {
                var buffer = new char[4096];
                int count;
                while ((count = await process.StandardOutput.ReadAsync(buffer)) > 0)
                    lock (text)
                    {
                        text.Append(buffer, 0, count);
                        if (inputAfter != null && text.ToString().Contains(inputAfter, StringComparison.Ordinal)) seen.TrySetResult();
                    }
            });
            var stderr = process.StandardError.ReadToEndAsync();
            using var limit = new CancellationTokenSource(timeout);
            int? exitCode;
            try
            {
                if (inputAfter != null) await seen.Task.WaitAsync(limit.Token);
                await process.StandardInput.WriteAsync(input);
                await process.StandardInput.FlushAsync();
                if (inputAfter == null) process.StandardInput.Close();
                await process.WaitForExitAsync(limit.Token);
                exitCode = process.ExitCode;
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                exitCode = null;
            }
            await stdout;
            output.WriteLine($"Boot {string.Join(' ', arguments)}: exit {exitCode?.ToString() ?? "none (killed)"}\n{await stderr}");
            lock (text) return (exitCode, text.ToString());
        }
        finally
        {
            MachineSlots.Release();
        }
    }

    /// <summary>
    /// A machine to talk to (a shell's prompt, a command typed, its output awaited): started
    /// once a machine slot is free, which it holds until disposed. End it with FinishAsync.
    /// </summary>
    public Task<MachineSession> StartSessionAsync(ImageKind image, string kernelCommandLine, ITestOutputHelper output,
                                                   string memory = "128M", Firmware firmware = Firmware.Bios)
    {
        if (Problem != null) Assert.Fail(Problem);
        return StartSessionAsync(new QemuOptions(IsoPath(image), Headless: true, firmware, memory, kernelCommandLine), output);
    }

    /// <summary>The same with the machine's options made by the caller (boot media, disks, QEMU's own arguments).</summary>
    public async Task<MachineSession> StartSessionAsync(QemuOptions options, ITestOutputHelper output)
    {
        if (Problem != null) Assert.Fail(Problem);
        options = WithTestCpus(options);
        await MachineSlots.WaitAsync();
        var (session, error) = QemuSession.Start(options);
        if (session == null)
        {
            MachineSlots.Release();
            Assert.Fail(error);
        }
        output.WriteLine($"{Path.GetFileName(options.IsoPath)} {options.Firmware} {options.Memory} from {options.BootFrom}, " +
                         $"{options.Disks?.Count ?? 0} disks, \"{options.KernelCommandLine}\": session started");
        return new MachineSession(session!, () => MachineSlots.Release());
    }
}

/// <summary>
/// A running machine a test talks to through its serial port (<see cref="QemuSession"/>), and
/// its slot among the machines allowed at once, given back when disposed.
/// </summary>
public sealed class MachineSession(QemuSession session, Action release) : IAsyncDisposable
{
    public QemuSession Qemu => session;

    /// <summary>Types text into the guest ("\r" is Enter).</summary>
    public Task TypeAsync(string keys) => session.SendAsync(keys);

    /// <summary>Waits for a line starting with <paramref name="prefix"/> that arrives after <paramref name="from"/> lines; fails the test at the timeout.</summary>
    public async Task<string> LineAsync(string prefix, TimeSpan timeout, int from = 0) =>
        await session.WaitForLineAsync(line => line.StartsWith(prefix, StringComparison.Ordinal), timeout, from)
        ?? throw new Xunit.Sdk.XunitException($"no line starting with '{prefix}' within {timeout.TotalSeconds} s\n{session.RawOutput}");

    /// <summary>Waits for <paramref name="text"/> in the raw output (a prompt, which ends no line); fails the test at the timeout.</summary>
    public async Task PromptAsync(string text, TimeSpan timeout, int fromOffset = 0)
    {
        if (!await session.WaitForOutputAsync(text, timeout, fromOffset))
            throw new Xunit.Sdk.XunitException($"no '{text}' within {timeout.TotalSeconds} s\n{session.RawOutput}");
    }

    public Task<QemuRun> FinishAsync(TimeSpan timeout) => session.FinishAsync(timeout);

    public async ValueTask DisposeAsync()
    {
        await session.DisposeAsync();
        release();
    }
}
