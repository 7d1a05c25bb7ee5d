using System;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.FileSystems.Iso9660
{
    // REQ_LOOKUP on a volume (MINIX's fs/lookup.c): the path walked a component at a time in one
    // request, symlinks followed by rewriting the path in place (the target, then the rest). A
    // mount point, ".." at the volume's root, and an absolute symlink when the process's root is
    // in another file system each stop the walk with one of FsLookupStops and the rest of the
    // path for VFS to go on with.
    public struct IsoLookupResult
    {
        public long Result;                 // 0, a negated errno, or one of FsLookupStops
        public ulong Inode;                 // found, or where it stopped
        public int RestStart, RestEnd;      // a stop: the rest of the path, in the (rewritten) path
        public int Symlinks;
    }

    public sealed partial class IsoVolume
    {
        private const int MaxMountPoints = 16;
        private readonly ulong[] _mountPoints = new ulong[MaxMountPoints];

        // VFS marks a directory as a mount point (on) or clears it: 0, or -ENOSPC when full.
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
        public IsoLookupResult Lookup(Span<byte> path, int length, ulong start, ulong root, int flags, int symlinks, uint uid, uint gid)
        {
            var result = new IsoLookupResult { Symlinks = symlinks };
            long valid = Attributes(start, out IsoEntry current);
            if (valid < 0) return Fail(ref result, valid);
            ulong inode = start;
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

                if (!current.Directory) return Fail(ref result, -(long)LinuxErrno.ENOTDIR);
                if (nameLength > FileLimits.NameMax) return Fail(ref result, -(long)LinuxErrno.ENAMETOOLONG);
                if (!MaySearch(in current, uid, gid)) return Fail(ref result, -(long)LinuxErrno.EACCES);
                if (nameLength == 1 && path[at] == '.')
                {
                    at = end;
                    continue;
                }
                if (nameLength == 2 && path[at] == '.' && path[at + 1] == '.')
                {
                    if (inode == root) { at = end; continue; }
                    if (inode == Root)
                    {
                        result.Inode = inode;
                        result.RestStart = at;
                        result.RestEnd = length;
                        result.Result = FsLookupStops.LeaveMount;
                        return result;
                    }
                    long up = Parent(inode, out inode);
                    if (up < 0) return Fail(ref result, up);
                    up = Attributes(inode, out current);
                    if (up < 0) return Fail(ref result, up);
                    at = end;
                    continue;
                }
                long found = Find(inode, path.Slice(at, nameLength), out IsoEntry child);
                if (found < 0) return Fail(ref result, found);
                if (IsMountPoint(child.Inode))
                {
                    result.Inode = child.Inode;
                    result.RestStart = end;
                    result.RestEnd = length;
                    result.Result = FsLookupStops.EnterMount;
                    return result;
                }
                if (FileModes.IsSymlink(child.Mode) && (!last || trailingSlash || (flags & FsLookupFlags.FollowLast) != 0))
                {
                    if (++result.Symlinks > FileLimits.SymlinkMax) return Fail(ref result, -(long)LinuxErrno.ELOOP);
                    int target = child.LinkLength;
                    int restLength = length - end;
                    if (target == 0) return Fail(ref result, -(long)LinuxErrno.ENOENT);
                    if (target + restLength >= FileLimits.PathMax || target + restLength > path.Length)
                        return Fail(ref result, -(long)LinuxErrno.ENAMETOOLONG);
                    path.Slice(end, restLength).CopyTo(path.Slice(target));
                    LinkTarget(in child).CopyTo(path);
                    length = target + restLength;
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
                        inode = root;
                        valid = Attributes(inode, out current);
                        if (valid < 0) return Fail(ref result, valid);
                    }
                    continue;
                }
                if (trailingSlash && !child.Directory) return Fail(ref result, -(long)LinuxErrno.ENOTDIR);
                inode = child.Inode;
                current = child;
                at = end;
            }
            if ((flags & FsLookupFlags.Directory) != 0 && !current.Directory) return Fail(ref result, -(long)LinuxErrno.ENOTDIR);
            result.Inode = inode;
            return result;
        }

        // Search permission on a directory (Linux's rules: root always; else owner, group, other).
        private static bool MaySearch(in IsoEntry directory, uint uid, uint gid)
        {
            if (uid == 0) return true;
            uint bits = directory.Uid == uid ? directory.Mode >> 6 : directory.Gid == gid ? directory.Mode >> 3 : directory.Mode;
            return (bits & 1) != 0;
        }

        private static IsoLookupResult Fail(ref IsoLookupResult result, long error)
        {
            result.Result = error;
            return result;
        }
    }
}
