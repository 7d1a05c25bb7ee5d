namespace Lunix.Boot;

/// <summary>
/// Boots a headless QEMU, hands each serial line to a callback as it arrives, and never waits
/// on a hung guest: at the time limit, or shortly after a crash report, QEMU is killed. Shared
/// by `run --headless`, `test`, `bench` (Lunix and its Linux peer) and the boot tests;
/// <see cref="QemuSession"/> is the machine underneath, for tests that talk to the guest.
/// </summary>
public static class QemuRunner
{
    /// <summary>After a crash report the kernel may still be printing (stack trace) and then
    /// halt or power off by itself; this long it gets before QEMU is killed.</summary>
    public static readonly TimeSpan CrashGracePeriod = TimeSpan.FromSeconds(5);

    /// <param name="typeOnRequest">Answer the guest's "# type: ..." lines (in-guest suites' typed input).</param>
    /// <param name="input">A stream copied into the guest's serial port as it comes (`run --headless`'s stdin).</param>
    public static async Task<QemuRun> RunAsync(QemuOptions options, TimeSpan timeout, Action<string>? onLine = null,
                                               bool typeOnRequest = false, Stream? input = null)
    {
        var (session, error) = QemuSession.Start(options, onLine, typeOnRequest);
        return session == null ? QemuRun.NotStarted(error!) : await FinishAsync(session, timeout, input);
    }

    /// <summary>
    /// A headless machine whose arguments the caller made (the Linux peer boots a kernel, not an
    /// ISO); they must send the serial port to stdio, as <see cref="QemuArguments"/> does.
    /// </summary>
    public static async Task<QemuRun> RunAsync(IReadOnlyList<string> arguments, TimeSpan timeout, Action<string>? onLine = null)
    {
        var (session, error) = QemuSession.Start(arguments, onLine: onLine);
        return session == null ? QemuRun.NotStarted(error!) : await FinishAsync(session, timeout, input: null);
    }

    private static async Task<QemuRun> FinishAsync(QemuSession session, TimeSpan timeout, Stream? input)
    {
        await using (session)
        {
            // Not awaited: a terminal's stdin may never end; QEMU's end ends the run.
            if (input != null) _ = Task.Run(() => session.ForwardAsync(input));
            return await session.FinishAsync(timeout);
        }
    }
}
