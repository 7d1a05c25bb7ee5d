using System.ComponentModel;
using System.Diagnostics;

namespace Lunix.Boot;

/// <summary>
/// The disk figures' volume (posixbench --disk): a fresh 64 MiB ext2 image made by the host's
/// mke2fs for each run, holding `big`, 16 MiB of seeded random bytes, so Lunix and its Linux peer
/// read and write the same volume. One goes on the first IDE disk of both machines: Lunix's
/// /dev/hda, Linux's /dev/sda (libata names IDE disks as SCSI ones); another on the first AHCI
/// port: Lunix's /dev/sda, Linux's /dev/sdb (posixbench loads the AHCI driver once the IDE disk
/// is there).
/// </summary>
public static class BenchDisk
{
    public const string LunixDevice = "/dev/hda";
    public const string LinuxDevice = "/dev/sda";
    public const string LunixAhciDevice = "/dev/sda";
    public const string LinuxAhciDevice = "/dev/sdb";
    private const int BigBytes = 16 << 20;

    /// <summary>Both volumes, `name`.img for IDE and `name`-ahci.img for AHCI, or why they could
    /// not be made.</summary>
    public static (BenchVolumes? Volumes, string? Error) CreateBoth(string name)
    {
        var (ide, error) = Create($"{name}.img");
        if (ide == null) return (null, error);
        var (ahci, ahciError) = Create($"{name}-ahci.img");
        return ahci == null ? (null, ahciError) : (new BenchVolumes(ide, ahci), null);
    }

    /// <summary>The image's path in a new temporary directory, or why it could not be made.</summary>
    public static (string? Path, string? Error) Create(string name)
    {
        var directory = Directory.CreateTempSubdirectory("lunix-bench-").FullName;
        var tree = Directory.CreateDirectory(System.IO.Path.Combine(directory, "tree")).FullName;
        var big = new byte[BigBytes];
        new Random(16).NextBytes(big);
        File.WriteAllBytes(System.IO.Path.Combine(tree, "big"), big);
        var image = System.IO.Path.Combine(directory, name);
        var start = new ProcessStartInfo("mke2fs") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-q", "-F", "-t", "ext2", "-b", "4096", "-d", tree, image, "64M" }) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? (image, null) : (null, $"mke2fs failed (exit {process.ExitCode}): {errors.Trim()}");
        }
        catch (Win32Exception e)
        {
            return (null, $"cannot run mke2fs ({e.Message}): install e2fsprogs");
        }
    }
}

/// <summary>The disk figures' two volumes: one for the IDE disk, one for the AHCI disk.</summary>
public sealed record BenchVolumes(string Ide, string Ahci);
