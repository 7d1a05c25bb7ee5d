using System.Text;

namespace Lunix.Manifest;

/// <summary>
/// The root file system's first contents (the boot module "root"): a newc cpio archive, the
/// format Linux's initramfs uses, which the RAM file system unpacks at boot. It holds
/// Boot/RootFs/ (/etc and the empty mount points), the userland fetched into iso/build/userland/
/// (busybox with a link per applet), and, in the test image, the POSIX test programs built into
/// iso/build/posix/ under /tests/posix/, the hostile ones (fuzzers) under /tests/hostile/ and the
/// shell suites (tests/Shell) under /tests/shell/, and Lunix's own recovery scripts (tests/Recovery)
/// under /tests/recovery/. Entries are sorted and their times fixed, so the same
/// inputs give the same bytes and an unchanged tree leaves the ISO alone.
/// </summary>
public static class RootArchiveFile
{
    public const string ModuleName = "root";

    /// <summary>Where each host tree goes in the archive, for one image.</summary>
    public static IEnumerable<(string HostDirectory, string ArchivePath)> Trees(string repositoryRoot, ImageKind image)
    {
        yield return (Path.Combine(repositoryRoot, "Boot", "RootFs"), "");
        yield return (Path.Combine(repositoryRoot, "iso", "build", "userland"), "");
        if (image != ImageKind.Test) yield break;
        yield return (Path.Combine(repositoryRoot, "iso", "build", "posix"), "tests/posix");
        yield return (Path.Combine(repositoryRoot, "iso", "build", "hostile"), "tests/hostile");
        yield return (Path.Combine(repositoryRoot, "tests", "Shell"), "tests/shell");
        yield return (Path.Combine(repositoryRoot, "tests", "Recovery"), "tests/recovery");
    }

    public static byte[] Write(string repositoryRoot, ImageKind image)
    {
        var entries = new SortedDictionary<string, ArchiveEntry>(StringComparer.Ordinal);
        foreach (var (host, prefix) in Trees(repositoryRoot, image))
        {
            if (!Directory.Exists(host)) continue;
            AddDirectory(entries, prefix);
            foreach (var path in Directory.EnumerateFileSystemEntries(host, "*", SearchOption.AllDirectories))
            {
                string name = Join(prefix, Path.GetRelativePath(host, path).Replace('\\', '/'));
                if (Path.GetFileName(path) == ".gitkeep") continue;
                var info = new FileInfo(path);
                if (info.LinkTarget is { } target) entries[name] = ArchiveEntry.Link(target);
                else if (Directory.Exists(path)) AddDirectory(entries, name);
                else entries[name] = ArchiveEntry.File(File.ReadAllBytes(path), Executable(info));
            }
        }
        foreach (var (name, major, minor, mode) in DeviceNodes) entries[name] = ArchiveEntry.CharDevice(major, minor, mode);
        foreach (var (name, major, minor, mode) in BlockDeviceNodes()) entries[name] = ArchiveEntry.BlockDevice(major, minor, mode);
        var archive = new MemoryStream();
        uint inode = 1;
        foreach (var (name, entry) in entries) WriteEntry(archive, name, entry, inode++);
        WriteEntry(archive, "TRAILER!!!", ArchiveEntry.Trailer, 0);
        return archive.ToArray();
    }

    /// <summary>
    /// The device nodes of /dev, with Linux's numbers: the memory devices VFS serves and the
    /// terminals (the console until the terminal driver runs): tty0 the virtual console shown,
    /// tty1..tty4 the screen's virtual consoles (docs/consoles.md), crw--w---- as on Linux; fb0
    /// the framebuffer (29:0, crw-rw----, as udev makes it for the video group).
    /// </summary>
    public static readonly (string Name, uint Major, uint Minor, uint Mode)[] DeviceNodes =
    [
        ("dev/null", 1, 3, 0x1B6), ("dev/zero", 1, 5, 0x1B6), ("dev/full", 1, 7, 0x1B6),
        ("dev/random", 1, 8, 0x1B6), ("dev/urandom", 1, 9, 0x1B6),
        ("dev/tty", 5, 0, 0x1B6), ("dev/console", 5, 1, 0x180), ("dev/ttyS0", 4, 64, 0x1B0),
        ("dev/tty0", 4, 0, 0x190), ("dev/tty1", 4, 1, 0x190), ("dev/tty2", 4, 2, 0x190), ("dev/tty3", 4, 3, 0x190), ("dev/tty4", 4, 4, 0x190),
        ("dev/fb0", 29, 0, 0x1B0),
    ];

    /// <summary>
    /// The block special files, with Linux's numbers (Servers/Vfs/BlockDevices.cs): the IDE
    /// drives hda and hdb on major 3, hdc and hdd on 22, 64 minors a drive; the AHCI disks sda..sdd
    /// on major 8, 16 minors a disk; the filter driver's drive fbd on major 253; each drive itself
    /// and its partitions 1..15 (what the block-driver protocol numbers,
    /// Abi/BlockDriverRequests.cs); the AHCI CD drives sr0..sr3 on major 11; the USB sticks
    /// uba..ubd on major 180, 8 minors a stick (partitions 1..7, Linux's old ub driver's). Read and written by
    /// root and the disk group (brw-rw----), as on Linux.
    /// </summary>
    public static IEnumerable<(string Name, uint Major, uint Minor, uint Mode)> BlockDeviceNodes()
    {
        for (int drive = 0; drive < 4; drive++)
        {
            uint major = drive < 2 ? 3u : 22u, first = (uint)(drive % 2) * 64;
            foreach (var node in DriveNodes($"dev/hd{(char)('a' + drive)}", major, first)) yield return node;
        }
        for (int disk = 0; disk < 4; disk++)
            foreach (var node in DriveNodes($"dev/sd{(char)('a' + disk)}", 8, (uint)disk * 16)) yield return node;
        for (uint cd = 0; cd < 4; cd++) yield return ($"dev/sr{cd}", 11, cd, 0x1B0);
        for (int stick = 0; stick < 4; stick++)
            foreach (var node in DriveNodes($"dev/ub{(char)('a' + stick)}", 180, (uint)stick * 8, 8)) yield return node;
        foreach (var node in DriveNodes("dev/fbd", 253, 0)) yield return node;
    }

    private static IEnumerable<(string Name, uint Major, uint Minor, uint Mode)> DriveNodes(string name, uint major, uint first, uint minors = 16)
    {
        yield return (name, major, first, 0x1B0);
        for (uint partition = 1; partition < minors; partition++) yield return ($"{name}{partition}", major, first + partition, 0x1B0);
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}/{name}";

    /// <summary>A directory and its parents: cpio unpackers need each before what it holds.</summary>
    private static void AddDirectory(SortedDictionary<string, ArchiveEntry> entries, string name)
    {
        for (string? directory = name; !string.IsNullOrEmpty(directory); directory = Path.GetDirectoryName(directory)?.Replace('\\', '/'))
            entries.TryAdd(directory, ArchiveEntry.Directory);
    }

    private static bool Executable(FileInfo info) =>
        !OperatingSystem.IsWindows() && (info.UnixFileMode & UnixFileMode.UserExecute) != 0;

    private static void WriteEntry(Stream archive, string name, ArchiveEntry entry, uint inode)
    {
        byte[] nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        var header = new StringBuilder("070701");
        foreach (uint field in new[]
                 {
                     inode, entry.Mode, 0u, 0u, entry.Mode >> 12 == 4 ? 2u : 1u, 0u, (uint)entry.Data.Length,
                     0u, 0u, entry.SpecialMajor, entry.SpecialMinor, (uint)nameBytes.Length, 0u,
                 })
            header.Append(field.ToString("x8"));
        archive.Write(Encoding.ASCII.GetBytes(header.ToString()));
        archive.Write(nameBytes);
        Pad(archive);
        archive.Write(entry.Data);
        Pad(archive);
    }

    /// <summary>newc aligns each header's end (with the name) and each file's data to 4 bytes.</summary>
    private static void Pad(Stream archive)
    {
        while (archive.Length % 4 != 0) archive.WriteByte(0);
    }

    private sealed record ArchiveEntry(uint Mode, byte[] Data, uint SpecialMajor = 0, uint SpecialMinor = 0)
    {
        public static ArchiveEntry CharDevice(uint major, uint minor, uint permissions) => new(0x2000 | permissions, [], major, minor);
        public static ArchiveEntry BlockDevice(uint major, uint minor, uint permissions) => new(0x6000 | permissions, [], major, minor);
        public static readonly ArchiveEntry Directory = new(0x41ED, []); // drwxr-xr-x
        public static readonly ArchiveEntry Trailer = new(0, []);
        public static ArchiveEntry File(byte[] data, bool executable) => new(executable ? 0x81EDu : 0x81A4u, data); // -rwxr-xr-x, -rw-r--r--
        public static ArchiveEntry Link(string target) => new(0xA1FF, Encoding.UTF8.GetBytes(target)); // lrwxrwxrwx
    }
}
