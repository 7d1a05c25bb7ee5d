namespace Lunix.Boot;

/// <summary>`bench --linux`: boots the Linux peer once and judges its posixbench run.</summary>
public static class LinuxPeerBench
{
    /// <summary>Serial lines shown on a failure when they were not all printed already.</summary>
    private const int TailOnFailure = 30;

    /// <summary>The run (null when the peer could not be prepared) and the Boot tool's exit status.</summary>
    public static async Task<(QemuRun? Run, int Status)> RunAsync(BenchOptions options, Action<string> onLine)
    {
        if (RepositoryRoot.Find() is not { } root)
        {
            Console.Error.WriteLine($"lunix-boot: bench --linux: no {RepositoryRoot.MarkerFile} above {Environment.CurrentDirectory}; run from the Lunix checkout");
            return (null, BootExitStatus.Failed);
        }
        if (NativeTools.Ensure(root) is { } toolsError)
        {
            Console.Error.WriteLine($"lunix-boot: {toolsError}");
            return (null, BootExitStatus.Failed);
        }
        var (peer, error) = await LinuxPeer.PrepareAsync(root, message => Console.Error.WriteLine(message));
        if (peer == null)
        {
            Console.Error.WriteLine($"lunix-boot: bench --linux: {error}");
            return (null, BootExitStatus.Failed);
        }
        var (disk, diskError) = BenchDisk.CreateBoth("linux");
        if (diskError != null) Console.Error.WriteLine($"lunix-boot: bench --linux: no disk figures: {diskError}");
        var run = await QemuRunner.RunAsync(peer.QemuArguments(options.Machine.Memory, disk, options.Machine.Cpus), TimeSpan.FromSeconds(options.Machine.TimeoutSeconds), onLine);
        foreach (var message in run.QemuMessages) Console.Error.WriteLine(message);
        if (LinuxPeer.Failure(run, withDisk: disk != null) is not { } failure) return (run, BootExitStatus.Clean);

        Console.Error.WriteLine($"lunix-boot: bench --linux: {failure}");
        if (!options.Machine.Verbose)
            foreach (var line in run.Lines.TakeLast(TailOnFailure)) Console.Error.WriteLine($"  linux: {line}");
        return (run, run.TimedOut ? BootExitStatus.TimedOut : BootExitStatus.Failed);
    }
}
