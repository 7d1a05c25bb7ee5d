using System;
using Lunix.Abi.Linux;

namespace Lunix.Servers.RamFs
{
    // A newc cpio archive unpacked into an instance, as Linux unpacks its initramfs: directories
    // made as their entries (or entries under them) come, files, symlinks and devices made with
    // the archive's modes, owners and times, hard links (entries sharing the archive's inode
    // number) linked to the first, and an entry whose name exists replacing it (a directory over a
    // directory only takes its attributes). A file's and a symlink's bytes stay in the archive,
    // which must stay mapped: FileData copies them out at their first change.
    public sealed partial class RamFileSystem
    {
        private const int HardLinkGroups = 256;

        // Entries that could not be unpacked are counted in `failed`; the count unpacked.
        public unsafe int Unpack(ReadOnlySpan<byte> archive, uint root, in FileTime epoch, out int failed)
        {
            failed = 0;
            int unpacked = 0;
            Span<uint> linkArchiveInodes = stackalloc uint[HardLinkGroups];
            Span<uint> linkInodes = stackalloc uint[HardLinkGroups];
            int links = 0;
            var reader = new CpioArchive(archive);
            ulong baseAddress;
            fixed (byte* start = archive) baseAddress = (ulong)start;
            for (int at = 0; reader.Next(ref at, out CpioArchive.Entry entry);)
            {
                if (entry.Name.IsEmpty) continue;
                var time = new FileTime(entry.ModifySeconds, 0);
                uint directory = MakeParents(root, entry.Name, epoch, out ReadOnlySpan<byte> name);
                if (directory == 0) { failed++; continue; }
                uint existing = Directories.Find(ref Inodes[directory], name, out _);
                uint type = entry.Mode & FileModes.TypeMask;
                long made;
                if (existing != 0 && type == FileModes.Directory && FileModes.IsDirectory(Inodes[existing].Mode))
                    made = existing;
                else
                {
                    if (existing != 0 && Unlink(directory, name, FileModes.IsDirectory(Inodes[existing].Mode) ? FsRemoveDirectory : 0, 0, 0, time, out _, out _) != 0)
                    {
                        failed++;
                        continue;
                    }
                    int group = -1;
                    if (type == FileModes.Regular && entry.Links > 1)
                        for (int i = 0; i < links && group < 0; i++)
                            if (linkArchiveInodes[i] == entry.Inode) group = i;
                    if (group >= 0) made = Link(directory, name, linkInodes[group], 0, 0, time);
                    else if (type == FileModes.Directory) made = MakeDirectory(directory, name, entry.Mode, 0, 0, time);
                    else if (type == FileModes.Symlink) made = MakeEntry(directory, name, FileModes.Symlink | 0x1FF, 0, 0, time);
                    else made = Create(directory, name, entry.Mode, 0, 0, DeviceNumbers.Make(entry.SpecialMajor, entry.SpecialMinor), 0, time, out _);
                    if (made > 0 && group < 0 && type == FileModes.Regular && entry.Links > 1 && links < HardLinkGroups)
                    {
                        linkArchiveInodes[links] = entry.Inode;
                        linkInodes[links++] = (uint)made;
                    }
                }
                if (made <= 0) { failed++; continue; }
                ref Inode inode = ref Inodes[(uint)made];
                if ((type == FileModes.Regular || type == FileModes.Symlink) && entry.DataLength > 0)
                {
                    Data.Release(ref inode);
                    inode.Extent = baseAddress + (ulong)entry.DataOffset;
                    inode.Size = (ulong)entry.DataLength;
                }
                inode.Mode = entry.Mode;
                inode.Uid = entry.Uid;
                inode.Gid = entry.Gid;
                inode.AccessSeconds = inode.ModifySeconds = inode.ChangeSeconds = entry.ModifySeconds;
                inode.AccessNanoseconds = inode.ModifyNanoseconds = inode.ChangeNanoseconds = 0;
                unpacked++;
            }
            return unpacked;
        }

        private const int FsRemoveDirectory = Lunix.Abi.FsCreateFlags.RemoveDirectory;

        // The directory that holds `path`'s last component, made (mode 0755) where missing; 0 when
        // a component is there but no directory.
        private uint MakeParents(uint root, ReadOnlySpan<byte> path, in FileTime now, out ReadOnlySpan<byte> name)
        {
            uint directory = root;
            while (true)
            {
                int slash = path.IndexOf((byte)'/');
                if (slash < 0)
                {
                    name = path;
                    return directory;
                }
                ReadOnlySpan<byte> component = path.Slice(0, slash);
                path = path.Slice(slash + 1);
                if (component.IsEmpty || (component.Length == 1 && component[0] == '.')) continue;
                uint next = Directories.Find(ref Inodes[directory], component, out _);
                if (next == 0)
                {
                    long made = MakeDirectory(directory, component, 0x1ED, 0, 0, now);
                    if (made <= 0) { name = default; return 0; }
                    next = (uint)made;
                }
                if (!FileModes.IsDirectory(Inodes[next].Mode)) { name = default; return 0; }
                directory = next;
            }
        }
    }
}
