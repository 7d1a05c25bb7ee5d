using System;
using Lunix.Abi.Linux;
using Lunix.FileSystem;

namespace Lunix.FileSystems.Ext2
{
    // The volume as the file-system library's lookup walk sees it (Libs/FileSystem/PathWalk.cs),
    // in VFS's inode numbers (InodeBase + ext2's): nodes are inodes in use, a name leads to a
    // linked one, ".." is the directory's own ".." entry; VFS's mount points are kept here.
    public sealed unsafe partial class Ext2Volume
    {
        private readonly MountPoints _mountPoints = new MountPoints();

        public long SetMountPoint(ulong inode, bool on) => _mountPoints.Set(inode, on);

        public bool IsMountPoint(ulong inode) => _mountPoints.Contains(inode);

        // `path` (its first `length` bytes, in a buffer of FileLimits.PathMax) from `start`;
        // `root` is the process's root when it is on this volume, else 0.
        public PathLookup Lookup(Span<byte> path, int length, ulong start, ulong root, int flags, int symlinks, uint uid, uint gid)
        {
            var walked = new Walked(this);
            return PathWalk.Lookup(ref walked, path, length, start, root, flags, symlinks, uid, gid);
        }

        private readonly struct Walked(Ext2Volume volume) : IWalkedVolume
        {
            public ulong Root => volume.Root;

            public bool IsMountPoint(ulong inode) => volume.IsMountPoint(inode);

            public long Node(ulong inode, out WalkNode node)
            {
                node = default;
                uint number = volume.Local(inode);
                if (number == 0) return -(long)LinuxErrno.EINVAL;
                long loaded = volume.LoadInode(number, out Ext2Inode record);
                node = NodeOf(in record);
                return loaded;
            }

            public long Find(ulong directory, ReadOnlySpan<byte> name, out WalkNode child)
            {
                child = default;
                long found = EntryOf(directory, name, out DirectoryEntry entry);
                if (found < 0) return found;
                long loaded = volume.LoadNamed(entry.Inode, out Ext2Inode record);
                child = NodeOf(in record);
                return loaded;
            }

            public long Parent(ulong directory, out ulong parent)
            {
                parent = 0;
                long found = EntryOf(directory, ".."u8, out DirectoryEntry entry);
                if (found == -(long)LinuxErrno.ENOENT) return volume.Corrupt("a directory has no \"..\"", directory - volume.InodeBase);
                parent = volume.InodeBase + entry.Inode;
                return found;
            }

            public long ReadLink(ulong symlink, out ReadOnlySpan<byte> target)
            {
                target = default;
                long loaded = volume.LoadInode(volume.Local(symlink), out Ext2Inode record);
                return loaded < 0 ? loaded : volume.ReadLink(ref record, out target);
            }

            // `name`'s entry in the directory VFS numbers `directory`: 0, -ENOENT, or an error.
            private long EntryOf(ulong directory, ReadOnlySpan<byte> name, out DirectoryEntry entry)
            {
                entry = default;
                long loaded = volume.LoadInode(volume.Local(directory), out Ext2Inode record);
                if (loaded < 0) return loaded;
                long found = volume.FindEntry(ref record, name, out entry);
                return found < 0 ? found : found == 0 ? -(long)LinuxErrno.ENOENT : 0;
            }

            private WalkNode NodeOf(in Ext2Inode record) => new WalkNode
            {
                Inode = volume.InodeBase + record.Number, Directory = FileModes.IsDirectory(record.Mode), Mode = record.Mode, Uid = record.Uid, Gid = record.Gid,
            };
        }
    }
}
