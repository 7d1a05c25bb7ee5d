using System;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.FileSystem
{
    // What the walk needs of a node: its number, whether it is a directory, its mode and owners.
    public struct WalkNode
    {
        public ulong Inode;
        public bool Directory;
        public uint Mode, Uid, Gid;
    }

    // A volume as the walk sees it: a struct over the volume, so that the walk is compiled for
    // each file system with direct calls (no interface dispatch). Inode numbers are the server's
    // (unique across its volumes).
    public interface IWalkedVolume
    {
        ulong Root { get; }
        long Node(ulong inode, out WalkNode node);
        // `name` in `directory`: 0 with the child, -ENOENT, or another negated errno.
        long Find(ulong directory, ReadOnlySpan<byte> name, out WalkNode child);
        long Parent(ulong directory, out ulong parent);
        // A symlink's target, valid until the volume is asked anything else.
        long ReadLink(ulong symlink, out ReadOnlySpan<byte> target);
        bool IsMountPoint(ulong inode);
    }

    public struct PathLookup
    {
        public long Result;                 // 0, a negated errno, or one of FsLookupStops
        public ulong Inode;                 // found, or where it stopped
        public int RestStart, RestEnd;      // a stop: the rest of the path, in the (rewritten) path
        public int Symlinks;
    }

    // REQ_LOOKUP on a volume (MINIX's fs/lookup.c), for every file system on a medium: the path
    // walked a component at a time in one request, symlinks followed by rewriting the path in
    // place (the target, then the rest). A mount point, ".." at the volume's root, and an absolute
    // symlink when the process's root is in another file system each stop the walk with one of
    // FsLookupStops and the rest of the path for VFS to go on with.
    public static class PathWalk
    {
        // `path` (its first `length` bytes, in a buffer of FileLimits.PathMax) from `start`;
        // `root` is the process's root when it is on this volume, else 0.
        public static PathLookup Lookup<TVolume>(ref TVolume volume, Span<byte> path, int length, ulong start, ulong root, int flags, int symlinks, uint uid, uint gid)
            where TVolume : struct, IWalkedVolume
        {
            var result = new PathLookup { Symlinks = symlinks };
            long valid = volume.Node(start, out WalkNode current);
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
                    if (current.Inode == root) { at = end; continue; }
                    if (current.Inode == volume.Root) return Stop(ref result, FsLookupStops.LeaveMount, current.Inode, at, length);
                    long up = volume.Parent(current.Inode, out ulong parent);
                    if (up < 0) return Fail(ref result, up);
                    up = volume.Node(parent, out current);
                    if (up < 0) return Fail(ref result, up);
                    at = end;
                    continue;
                }
                long found = volume.Find(current.Inode, path.Slice(at, nameLength), out WalkNode child);
                if (found < 0) return Fail(ref result, found);
                if (volume.IsMountPoint(child.Inode)) return Stop(ref result, FsLookupStops.EnterMount, child.Inode, end, length);
                if (FileModes.IsSymlink(child.Mode) && (!last || trailingSlash || (flags & FsLookupFlags.FollowLast) != 0))
                {
                    if (++result.Symlinks > FileLimits.SymlinkMax) return Fail(ref result, -(long)LinuxErrno.ELOOP);
                    long linked = volume.ReadLink(child.Inode, out ReadOnlySpan<byte> target);
                    if (linked < 0) return Fail(ref result, linked);
                    int restLength = length - end;
                    if (target.Length == 0) return Fail(ref result, -(long)LinuxErrno.ENOENT);
                    if (target.Length + restLength >= FileLimits.PathMax || target.Length + restLength > path.Length)
                        return Fail(ref result, -(long)LinuxErrno.ENAMETOOLONG);
                    path.Slice(end, restLength).CopyTo(path.Slice(target.Length));
                    target.CopyTo(path);
                    length = target.Length + restLength;
                    at = 0;
                    if (path[0] == '/')
                    {
                        if (root == 0) return Stop(ref result, FsLookupStops.Symlink, 0, 0, length);
                        valid = volume.Node(root, out current);
                        if (valid < 0) return Fail(ref result, valid);
                    }
                    continue;
                }
                if (trailingSlash && !child.Directory) return Fail(ref result, -(long)LinuxErrno.ENOTDIR);
                current = child;
                at = end;
            }
            if ((flags & FsLookupFlags.Directory) != 0 && !current.Directory) return Fail(ref result, -(long)LinuxErrno.ENOTDIR);
            result.Inode = current.Inode;
            return result;
        }

        // Search permission on a directory (Linux's rules: root always; else owner, group, other).
        private static bool MaySearch(in WalkNode directory, uint uid, uint gid)
        {
            if (uid == 0) return true;
            uint bits = directory.Uid == uid ? directory.Mode >> 6 : directory.Gid == gid ? directory.Mode >> 3 : directory.Mode;
            return (bits & 1) != 0;
        }

        private static PathLookup Stop(ref PathLookup result, long stop, ulong inode, int restStart, int restEnd)
        {
            result.Inode = inode;
            result.RestStart = restStart;
            result.RestEnd = restEnd;
            result.Result = stop;
            return result;
        }

        private static PathLookup Fail(ref PathLookup result, long error)
        {
            result.Result = error;
            return result;
        }
    }
}
