using System.Text;

namespace Lunix.Boot;

/// <summary>
/// A cpio archive in the "newc" format, which Linux unpacks as its initramfs: for each entry a
/// 110-byte ASCII header ("070701" and thirteen 8-digit hex fields), the NUL-terminated name,
/// the data, each padded to 4 bytes; an entry named TRAILER!!! ends it. Written here rather than
/// by cpio(1) because the peer needs a device node (/dev/console), which mknod makes only as root.
/// </summary>
public sealed class NewcArchive
{
    public const string Magic = "070701";
    public const string TrailerName = "TRAILER!!!";

    private const int DirectoryType = 0x4000, RegularType = 0x8000, CharacterDeviceType = 0x2000;

    private readonly MemoryStream bytes = new();
    private int nextInode = 1;

    public void AddDirectory(string name, int permissions) =>
        Add(name, DirectoryType | permissions, [], links: 2);

    public void AddFile(string name, int permissions, byte[] data) =>
        Add(name, RegularType | permissions, data);

    public void AddCharacterDevice(string name, int permissions, int major, int minor) =>
        Add(name, CharacterDeviceType | permissions, [], deviceMajor: major, deviceMinor: minor);

    /// <summary>The archive, ended by its trailer; nothing can be added after.</summary>
    public byte[] Finish()
    {
        Add(TrailerName, 0, [], links: 1, inode: 0);
        return bytes.ToArray();
    }

    private void Add(string name, int mode, byte[] data, int links = 1, int deviceMajor = 0, int deviceMinor = 0, int? inode = null)
    {
        var nameBytes = Encoding.ASCII.GetBytes(name + "\0");
        // Every field as the kernel reads it (init/initramfs.c); owner root, time 0, no checksum.
        int[] fields = [inode ?? nextInode++, mode, 0, 0, links, 0, data.Length, 0, 0, deviceMajor, deviceMinor, nameBytes.Length, 0];
        var header = new StringBuilder(Magic);
        foreach (var field in fields) header.Append(field.ToString("X8"));
        Write(Encoding.ASCII.GetBytes(header.ToString()));
        Write(nameBytes);
        Pad();
        Write(data);
        Pad();
    }

    private void Write(byte[] data) => bytes.Write(data);

    private void Pad()
    {
        while (bytes.Length % 4 != 0) bytes.WriteByte(0);
    }
}
