using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Lunix.Boot;

/// <summary>
/// One headless QEMU with the guest's serial port (COM1) both ways: what the guest prints, as
/// cleaned lines and as it came (prompts end no line), and keystrokes sent into it. Tests that
/// talk to the guest (a shell's prompt, then a command) start one, send text and wait for lines
/// or prompts; <see cref="QemuRunner"/> runs a whole boot on one. With typeOnRequest the session
/// answers the guest's own "# type: ..." lines (<see cref="GuestKeys"/>), which is how in-guest
/// suites get typed input. QEMU is never waited on past a deadline: it is killed.
/// </summary>
public sealed class QemuSession : IAsyncDisposable
{
    private readonly Process _process;
    private readonly OvmfFirmware? _ovmf;
    private readonly Action<string>? _onLine;
    private readonly bool _typeOnRequest;
    private readonly List<string> _lines = new();
    private readonly StringBuilder _raw = new();
    private readonly List<string> _qemuMessages = new();
    private readonly TaskCompletionSource _crashReported = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _input = new(1, 1);
    private TaskCompletionSource _output = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _serialReader = Task.CompletedTask, _stderrReader = Task.CompletedTask;

    private QemuSession(Process process, OvmfFirmware? ovmf, Action<string>? onLine, bool typeOnRequest)
    {
        _process = process;
        _ovmf = ovmf;
        _onLine = onLine;
        _typeOnRequest = typeOnRequest;
    }

    /// <summary>Boots the machine; the session, or why QEMU could not start.</summary>
    public static (QemuSession? Session, string? Error) Start(QemuOptions options, Action<string>? onLine = null, bool typeOnRequest = false)
    {
        if (!options.Headless) throw new ArgumentException("a session reads the serial port: options must be headless", nameof(options));
        if (!File.Exists(options.IsoPath)) return (null, $"{options.IsoPath} not found; run: dotnet build Lunix.sln");
        OvmfFirmware? ovmf = null;
        if (options.Firmware == Firmware.Uefi)
        {
            (ovmf, var error) = OvmfFirmware.CreateVarsCopy();
            if (error != null) return (null, error);
        }
        return Start(QemuArguments.For(options, ovmf?.VarsPath), ovmf, onLine, typeOnRequest);
    }

    /// <summary>
    /// A machine whose arguments the caller made (the Linux peer boots a kernel, not an ISO);
    /// they must send the serial port to stdio, as <see cref="QemuArguments"/> does. The
    /// session disposes of <paramref name="ovmf"/>.
    /// </summary>
    public static (QemuSession? Session, string? Error) Start(IReadOnlyList<string> arguments, OvmfFirmware? ovmf = null,
                                                              Action<string>? onLine = null, bool typeOnRequest = false)
    {
        var start = new ProcessStartInfo(QemuArguments.Executable)
        {
            UseShellExecute = false,
            // stdin is the guest's serial input: QEMU must never read the user's terminal.
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Byte for byte: the guest speaks bytes, not UTF-8.
            StandardOutputEncoding = Encoding.Latin1,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            ovmf?.Dispose();
            return (null, $"cannot start {QemuArguments.Executable}: {e.Message}; run: bash Boot/native-tools.sh");
        }
        var session = new QemuSession(process, ovmf, onLine, typeOnRequest);
        session._serialReader = Task.Run(session.ReadSerialAsync);
        session._stderrReader = Task.Run(session.ReadStderrAsync);
        return (session, null);
    }

    /// <summary>The serial lines so far, cleaned (<see cref="SerialLine.Clean"/>).</summary>
    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return _lines.ToList(); }
    }

    /// <summary>Everything the serial port sent so far, as it came (escapes, "\r\n", backspaces).</summary>
    public string RawOutput
    {
        get { lock (_lines) return _raw.ToString(); }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Bytes into the guest's serial port, as if typed; QEMU passes them on as the UART takes them.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> bytes)
    {
        await _input.WaitAsync();
        try
        {
            var stdin = _process.StandardInput.BaseStream;
            await stdin.WriteAsync(bytes);
            await stdin.FlushAsync();
        }
        catch (IOException)
        {
            // QEMU is gone: nothing reads the keys any more.
        }
        finally
        {
            _input.Release();
        }
    }

    /// <summary>Text as bytes (each char one byte: "\x03" is ^C, "\r" is Enter).</summary>
    public Task SendAsync(string text) => SendAsync(Encoding.Latin1.GetBytes(text));

    /// <summary>The first line of the kernel's own: from then on nothing but Lunix reads COM1.</summary>
    public const string KernelLinePrefix = "lunix: ";

    /// <summary>
    /// Copies a stream (the Boot tool's stdin) into the guest until it ends, from the kernel's
    /// first line on: the firmware and GRUB read COM1 too, and would take what came before as
    /// keys (GRUB's menu), and the kernel clears the UART's FIFO when it sets the port up. Later
    /// bytes wait in the UART (QEMU takes no more than its FIFO holds) until the terminal
    /// driver reads them.
    /// </summary>
    public async Task ForwardAsync(Stream input)
    {
        if (await WaitForLineAsync(line => line.StartsWith(KernelLinePrefix, StringComparison.Ordinal), TimeSpan.FromDays(1)) == null) return;
        var buffer = new byte[4096];
        int count;
        while ((count = await input.ReadAsync(buffer)) > 0 && !_process.HasExited)
            await SendAsync(buffer.AsMemory(0, count));
    }

    /// <summary>
    /// The first line from index <paramref name="from"/> on that matches, waiting for it up to
    /// <paramref name="timeout"/>; null when none came (or QEMU ended).
    /// </summary>
    public async Task<string?> WaitForLineAsync(Func<string, bool> match, TimeSpan timeout, int from = 0)
    {
        var deadline = DateTime.UtcNow + timeout;
        Task changed;
        for (var lastLook = false; ; lastLook = !await Changed(changed, deadline))
        {
            lock (_lines)
            {
                for (var i = from; i < _lines.Count; i++)
                    if (match(_lines[i])) return _lines[i];
                changed = _output.Task;
            }
            // The reader's end can win the race with the signal for its last lines: they are
            // looked at once more before giving up.
            if (lastLook) return null;
        }
    }

    /// <summary>Whether <paramref name="text"/> appears in the raw output (a prompt, which ends no line), waiting up to the timeout.</summary>
    public async Task<bool> WaitForOutputAsync(string text, TimeSpan timeout, int fromOffset = 0)
    {
        var deadline = DateTime.UtcNow + timeout;
        Task changed;
        for (var lastLook = false; ; lastLook = !await Changed(changed, deadline))
        {
            lock (_lines)
            {
                if (_raw.Length > fromOffset && _raw.ToString(fromOffset, _raw.Length - fromOffset).Contains(text, StringComparison.Ordinal)) return true;
                changed = _output.Task;
            }
            if (lastLook) return false;         // as in WaitForLineAsync
        }
    }

    /// <summary>The number of lines and raw characters so far: where a later wait should start.</summary>
    public (int Lines, int Offset) Mark()
    {
        lock (_lines) return (_lines.Count, _raw.Length);
    }

    // Waits for new output until the deadline: false at the deadline or once QEMU's output ended.
    private async Task<bool> Changed(Task changed, DateTime deadline)
    {
        var left = deadline - DateTime.UtcNow;
        if (left <= TimeSpan.Zero) return false;
        var first = await Task.WhenAny(changed, _serialReader, Task.Delay(left));
        return first == changed;
    }

    /// <summary>
    /// Ends the run: QEMU's own exit, or shortly after a crash report, or at the time limit,
    /// when it is killed; then the whole transcript.
    /// </summary>
    public async Task<QemuRun> FinishAsync(TimeSpan timeout)
    {
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(exited, _crashReported.Task, Task.Delay(timeout));
        var timedOut = false;
        if (first == _crashReported.Task)
        {
            await Task.WhenAny(exited, Task.Delay(QemuRunner.CrashGracePeriod));
            Kill();
        }
        else if (first != exited)
        {
            timedOut = true;
            Kill();
        }
        await exited;
        // The pipes close when QEMU is gone, so both readers finish and no line is lost.
        await Task.WhenAll(_serialReader, _stderrReader);
        var lines = Lines;
        List<string> messages;
        lock (_qemuMessages) messages = _qemuMessages.ToList();
        return new QemuRun(_process.ExitCode, lines, messages, timedOut, lines.Any(SerialLine.IsCrashReport), RawOutput: RawOutput);
    }

    private async Task ReadSerialAsync()
    {
        var buffer = new char[4096];
        var pending = new StringBuilder();
        int count;
        while ((count = await _process.StandardOutput.ReadAsync(buffer)) > 0)
        {
            var complete = new List<string>();
            lock (_lines)
            {
                _raw.Append(buffer, 0, count);
                for (var i = 0; i < count; i++)
                {
                    if (buffer[i] != '\n') { pending.Append(buffer[i]); continue; }
                    var line = SerialLine.Clean(pending.ToString());
                    pending.Clear();
                    _lines.Add(line);
                    complete.Add(line);
                }
                Signal();
            }
            foreach (var line in complete) await Handle(line);
        }
        if (pending.Length > 0)
        {
            var line = SerialLine.Clean(pending.ToString());
            lock (_lines)
            {
                _lines.Add(line);
                Signal();
            }
            await Handle(line);
        }
    }

    private void Signal()
    {
        var previous = _output;
        _output = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        previous.TrySetResult();
    }

    private async Task Handle(string line)
    {
        _onLine?.Invoke(line);
        if (SerialLine.IsCrashReport(line)) _crashReported.TrySetResult();
        if (_typeOnRequest && GuestKeys.Requested(line) is { } keys) await SendAsync(keys);
    }

    private async Task ReadStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
            lock (_qemuMessages) _qemuMessages.Add(line);
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill: nothing left to stop.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _ovmf?.Dispose();
        _input.Dispose();
    }
}
