using System;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.FileSystems.Ext2
{
    // REQ_LOOKUP on a volume (MINIX's fs/lookup.c), as the ISO9660 server walks: a component at a
    // time in one request, symlinks followed by rewriting the path in place (the target, then the
    // rest). A mount point, ".." at the volume's root, and an absolute symlink when the process's
    // root is in another file system each stop the walk with one of FsLookupStops and the rest of
    // the path for VFS. Inode numbers here are VFS's (InodeBase + ext2's).
    public struct Ext2LookupResult
    {
        public long Result;                 // 0, a negated errno, or one of FsLookupStops
        public ulong Inode;                 // found, or where it stopped
        public int RestStart, RestEnd;      // a stop: the rest of the path, in the (rewritten) path
        public int Symlinks;
    }

    public sealed unsafe partial class Ext2Volume
    {
        private const int MaxMountPoints = 16;
        private readonly ulong[] _mountPoints = new ulong[MaxMountPoints];

        public long SetMountPoint(ulong inode, bool on)
        {
            int free = -1;
            for (int i = 0; i < MaxMountPoints; i++)
            {
                if (_mountPoints[i] == inode)
                {
                    if (!on) _mountPoints[i] = 0;
                    return 0;
                }
                if (_mountPoints[i] == 0 && free < 0) free = i;
            }
            if (!on) return 0;
            if (free < 0) return -(long)LinuxErrno.ENOSPC;
            _mountPoints[free] = inode;
            return 0;
        }

        public bool IsMountPoint(ulong inode)
        {
            foreach (ulong point in _mountPoints)
                if (point == inode) return true;
            return false;
        }

        // `path` (its first `length` bytes, in a buffer of FileLimits.PathMax) from `start`;
        // `root` is the process's root when it is on this volume, else 0.
        public Ext2LookupResult Lookup(Span<byte> path, int length, ulong start, ulong root, int flags, int symlinks, uint uid, uint gid)
        {
            var result = new Ext2LookupResult { Symlinks = symlinks };
            uint here = Local(start);
            if (here == 0) return Fail(ref result, -(long)LinuxErrno.EINVAL);
            long valid = LoadInode(here, out Ext2Inode current);
            if (valid < 0) return Fail(ref result, valid);
            int at = 0;
            while (true)
            {
                while (at < length && path[at] == '/') at++;
                if (at == length) break;
                int end = at;
                while (end < length && path[end] != '/') end++;
                int rest = end;
                while (rest < length && path[rest] == '/') rest++;
                bool last = rest == length;
                bool trailingSlash = last && end < length;
                int nameLength = end - at;

                if (!FileModes.IsDirectory(current.Mode)) return Fail(ref result, -(long)LinuxErrno.ENOTDIR);
                if (nameLength > FileLimits.NameMax) return Fail(ref result, -(long)LinuxErrno.ENAMETOOLONG);
                if (!MayAccess(in current, uid, gid, AccessModes.Execute)) return Fail(ref result, -(long)LinuxErrno.EACCES);
                bool dotDot = nameLength == 2 && path[at] == '.' && path[at + 1] == '.';
                if (nameLength == 1 && path[at] == '.' || dotDot && InodeBase + here == root)
                {
                    at = end;
                    continue;
                }
                if (dotDot && here == RootInode)
                {
                    result.Inode = InodeBase + here;
                    result.RestStart = at;
                    result.RestEnd = length;
                    result.Result = FsLookupStops.LeaveMount;
                    return result;
                }
                long found = FindEntry(ref current, path.Slice(at, nameLength), out DirectoryEntry entry);
                if (found < 0) return Fail(ref result, found);
                if (found == 0) return Fail(ref result, -(long)LinuxErrno.ENOENT);
                long loaded = LoadNamed(entry.Inode, out Ext2Inode child);
                if (loaded < 0) return Fail(ref result, loaded);
                if (IsMountPoint(InodeBase + child.Number))
                {
                    result.Inode = InodeBase + child.Number;
                    result.RestStart = end;
                    result.RestEnd = length;
                    result.Result = FsLookupStops.EnterMount;
                    return result;
                }
                if (FileModes.IsSymlink(child.Mode) && (!last || trailingSlash || (flags & FsLookupFlags.FollowLast) != 0))
                {
                    if (++result.Symlinks > FileLimits.SymlinkMax) return Fail(ref result, -(long)LinuxErrno.ELOOP);
                    long linked = ReadLink(ref child, out ReadOnlySpan<byte> target);
                    if (linked < 0) return Fail(ref result, linked);
                    int restLength = length - end;
                    if (target.Length + restLength >= FileLimits.PathMax || target.Length + restLength > path.Length)
                        return Fail(ref result, -(long)LinuxErrno.ENAMETOOLONG);
                    path.Slice(end, restLength).CopyTo(path.Slice(target.Length));
                    target.CopyTo(path);
                    length = target.Length + restLength;
                    at = 0;
                    if (path[0] == '/')
                    {
                        if (root == 0)
                        {
                            result.RestStart = 0;
                            result.RestEnd = length;
                            result.Result = FsLookupStops.Symlink;
                            return result;
                        }
                        here = Local(root);
                        valid = LoadInode(here, out current);
                        if (valid < 0) return Fail(ref result, valid);
                    }
                    continue;
                }
                if (trailingSlash && !FileModes.IsDirectory(child.Mode)) return Fail(ref result, -(long)LinuxErrno.ENOTDIR);
                here = child.Number;
                current = child;
                at = end;
            }
            if ((flags & FsLookupFlags.Directory) != 0 && !FileModes.IsDirectory(current.Mode)) return Fail(ref result, -(long)LinuxErrno.ENOTDIR);
            result.Inode = InodeBase + here;
            return result;
        }

        private static Ext2LookupResult Fail(ref Ext2LookupResult result, long error)
        {
            result.Result = error;
            return result;
        }
    }
}
