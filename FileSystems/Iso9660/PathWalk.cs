using System;
using Lunix.FileSystem;

namespace Lunix.FileSystems.Iso9660
{
    // The volume as the file-system library's lookup walk sees it (Libs/FileSystem/PathWalk.cs):
    // nodes are directory records, ".." is the parent the records name, and VFS's mount points
    // are kept here.
    public sealed partial class IsoVolume
    {
        private readonly MountPoints _mountPoints = new MountPoints();

        // VFS marks a directory as a mount point (on) or clears it: 0, or -ENOSPC when full.
        public long SetMountPoint(ulong inode, bool on) => _mountPoints.Set(inode, on);

        public bool IsMountPoint(ulong inode) => _mountPoints.Contains(inode);

        // `path` (its first `length` bytes, in a buffer of FileLimits.PathMax) from `start`;
        // `root` is the process's root when it is on this volume, else 0.
        public PathLookup Lookup(Span<byte> path, int length, ulong start, ulong root, int flags, int symlinks, uint uid, uint gid)
        {
            var walked = new Walked(this);
            return PathWalk.Lookup(ref walked, path, length, start, root, flags, symlinks, uid, gid);
        }

        private readonly struct Walked(IsoVolume volume) : IWalkedVolume
        {
            public ulong Root => volume.Root;

            public bool IsMountPoint(ulong inode) => volume.IsMountPoint(inode);

            public long Node(ulong inode, out WalkNode node)
            {
                long found = volume.Attributes(inode, out IsoEntry entry);
                node = NodeOf(inode, in entry);
                return found;
            }

            public long Find(ulong directory, ReadOnlySpan<byte> name, out WalkNode child)
            {
                long found = volume.Find(directory, name, out IsoEntry entry);
                child = NodeOf(entry.Inode, in entry);
                return found;
            }

            public long Parent(ulong directory, out ulong parent) => volume.Parent(directory, out parent);

            public long ReadLink(ulong symlink, out ReadOnlySpan<byte> target) => volume.ReadLink(symlink, out target);

            private static WalkNode NodeOf(ulong inode, in IsoEntry entry) =>
                new WalkNode { Inode = inode, Directory = entry.Directory, Mode = entry.Mode, Uid = entry.Uid, Gid = entry.Gid };
        }
    }
}
