namespace Lunix.Boot;

/// <summary>
/// The Linux peer of the benchmarks: Debian's kernel booted in the same QEMU as Lunix, under the
/// same -icount shift=0, with posixbench as /init of an initramfs made here, so both systems run
/// the same static program and count the same guest instructions.
/// </summary>
/// <param name="KernelPath">Debian's vmlinuz (<see cref="LinuxPeerKernel"/>).</param>
/// <param name="InitramfsPath">The initramfs: /init (posixbench), /exit0, /bin/sh (busybox), /dev/console, /tmp.</param>
public sealed record LinuxPeer(string KernelPath, string InitramfsPath)
{
    /// <summary>The serial console; only warnings and worse; a panic (init died) reboots at once, and -no-reboot makes that an exit.</summary>
    public const string KernelCommandLine = "console=ttyS0 quiet panic=-1";

    public static string PosixBenchPath(string root) => Path.Combine(root, "iso", "build", "posix", "bench", "posixbench");

    /// <summary>posixbench runs the program beside itself for fork+execve: /exit0 beside /init.</summary>
    public static string ExecTargetPath(string root) => Path.Combine(root, "iso", "build", "posix", "bench", "exit0");

    /// <summary>The shell boot_to_prompt starts: the busybox Lunix runs (fetched by the Boot build), as /bin/sh.</summary>
    public static string ShellPath(string root) => Path.Combine(root, "iso", "build", "userland", "bin", "busybox");

    /// <summary>The kernel (fetched once) and a fresh initramfs, or why the peer cannot boot.</summary>
    public static async Task<(LinuxPeer? Peer, string? Error)> PrepareAsync(string root, Action<string> onMessage)
    {
        foreach (var program in new[] { PosixBenchPath(root), ExecTargetPath(root), ShellPath(root) })
            if (!File.Exists(program)) return (null, $"{program} not found; build it with: dotnet build Lunix.sln (tests/Posix/Posix.csproj, and Boot for busybox)");
        var (kernel, error) = await LinuxPeerKernel.FetchAsync(root, onMessage);
        if (kernel == null) return (null, error);
        var initramfs = Path.Combine(LinuxPeerKernel.CacheDirectory(root), "initramfs.cpio");
        // Written aside and moved into place: a peer booting meanwhile (a test run beside a
        // bench) keeps reading a whole file.
        var fresh = $"{initramfs}.{Environment.ProcessId}";
        await File.WriteAllBytesAsync(fresh, Initramfs(await File.ReadAllBytesAsync(PosixBenchPath(root)), await File.ReadAllBytesAsync(ExecTargetPath(root)),
            await File.ReadAllBytesAsync(ShellPath(root)), Modules(kernel)));
        File.Move(fresh, initramfs, overwrite: true);
        return (new LinuxPeer(kernel, initramfs), null);
    }

    /// <summary>
    /// The disk figures' modules Boot/linux-peer-kernel.sh took out of the kernel's package
    /// (modules-RELEASE beside vmlinuz-RELEASE): `order`, then each file it names, in that order.
    /// </summary>
    public static IReadOnlyList<(string Name, byte[] Bytes)> Modules(string kernelPath)
    {
        var release = Path.GetFileName(kernelPath)["vmlinuz-".Length..];
        var directory = Path.Combine(Path.GetDirectoryName(kernelPath)!, $"modules-{release}");
        var order = Path.Combine(directory, "order");
        if (!File.Exists(order)) return [];
        var names = File.ReadAllLines(order).Where(line => line.Length > 0).ToList();
        return [("order", File.ReadAllBytes(order)), .. names.Select(name => (name, File.ReadAllBytes(Path.Combine(directory, name))))];
    }

    /// <summary>
    /// What the kernel unpacks as its root: /dev/console for init's standard descriptors (the
    /// kernel opens it before starting /init), /tmp, ram-backed like the whole root, for the
    /// file figures, /bin/sh for boot_to_prompt, and /modules, the disk drivers posixbench loads
    /// for the disk figures. Uncompressed: nothing to inflate before the first user instruction.
    /// </summary>
    public static byte[] Initramfs(byte[] posixbench, byte[] execTarget, byte[] shell, IReadOnlyList<(string Name, byte[] Bytes)> modules)
    {
        var archive = new NewcArchive();
        archive.AddDirectory("dev", Octal("755"));
        archive.AddCharacterDevice("dev/console", Octal("600"), 5, 1);   // TTYAUX_MAJOR 5, minor 1
        archive.AddDirectory("tmp", Octal("1777"));
        archive.AddFile("init", Octal("755"), posixbench);
        archive.AddFile("exit0", Octal("755"), execTarget);
        archive.AddDirectory("bin", Octal("755"));
        archive.AddFile("bin/sh", Octal("755"), shell);
        archive.AddDirectory("modules", Octal("755"));
        foreach (var (name, bytes) in modules) archive.AddFile($"modules/{name}", Octal("644"), bytes);
        return archive.Finish();
    }

    private static int Octal(string digits) => Convert.ToInt32(digits, 8);

    /// <summary>Lunix's bench machine (pc, BIOS, the same memory, -icount shift=0) booting Linux
    /// directly; with the disk figures' volumes as its first IDE disk and on an AHCI controller's
    /// first port (as Lunix's bench machine has them), and posixbench told to use them; with as
    /// many processors as Lunix's (-smp only above one, as QemuArguments gives it).</summary>
    public IReadOnlyList<string> QemuArguments(string memory, BenchVolumes? volumes = null, int cpus = 1) =>
    [
        "-machine", "pc", "-m", memory,
        .. (cpus > 1 ? ["-smp", cpus.ToString(System.Globalization.CultureInfo.InvariantCulture)] : (string[])[]),
        "-kernel", KernelPath, "-initrd", InitramfsPath,
        "-append", volumes == null ? KernelCommandLine : $"{KernelCommandLine} -- --disk {BenchDisk.LinuxDevice} --ahci-disk {BenchDisk.LinuxAhciDevice}",
        .. (volumes == null ? (string[])[] :
        [
            "-drive", $"file={Lunix.Boot.QemuArguments.QuoteValue(volumes.Ide)},format=raw,if=ide,index=0",
            "-device", "ahci,id=ahci",
            "-drive", $"file={Lunix.Boot.QemuArguments.QuoteValue(volumes.Ahci)},format=raw,if=none,id=ahcidisk",
            "-device", "ide-hd,drive=ahcidisk,bus=ahci.0",
        ]),
        "-display", "none", "-serial", "stdio", "-monitor", "none", "-no-reboot",
        .. BenchOptions.QemuExtraArguments,
    ];

    /// <summary>Why the peer's run did not give every figure (the disk figures too `withDisk`), or null when it did.</summary>
    public static string? Failure(QemuRun run, bool withDisk = false)
    {
        if (run.StartError != null) return run.StartError;
        if (run.TimedOut) return "the Linux peer was still running at the time limit";
        if (run.Lines.FirstOrDefault(line => line.Contains("Kernel panic", StringComparison.Ordinal)) is { } panic)
            return $"the Linux peer's kernel panicked: {panic}";
        var errors = run.Lines.Where(line => line.StartsWith(PosixBenchFigures.ErrorPrefix, StringComparison.Ordinal)).ToList();
        if (errors.Count > 0) return string.Join("; ", errors);
        if (!run.Lines.Any(line => line.StartsWith(PosixBenchFigures.DonePrefix, StringComparison.Ordinal)))
            return "posixbench did not finish (no 'posixbench: done' line)";
        var printed = BenchFigure.ReadAll(run.Lines).Select(figure => figure.Name).ToHashSet();
        var expected = withDisk ? PosixBenchFigures.Names.Concat(PosixBenchFigures.DiskNames) : PosixBenchFigures.Names;
        var missing = expected.Where(name => !printed.Contains(name)).ToList();
        if (missing.Count > 0) return $"figures missing: {string.Join(", ", missing)}";
        if (run.ExitCode != 0) return $"qemu exited with status {run.ExitCode}";
        return null;
    }
}
