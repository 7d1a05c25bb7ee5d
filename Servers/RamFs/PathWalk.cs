using System;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.RamFs
{
    // REQ_LOOKUP (MINIX's fs/lookup.c): a path walked from a directory a component at a time, all
    // of it in one request. Symlinks are followed here by rewriting the path in place (the link's
    // target, then the rest); one that leaves this file system's view (absolute, with the process's
    // root elsewhere) goes back to VFS as FsLookupStops.Symlink. A mount point, or ".." at an
    // instance's root, goes back to VFS too, to go on in the next file system.
    public struct LookupResult
    {
        public long Result;                 // 0, a negated errno, or one of FsLookupStops
        public uint Inode;                  // found, or where it stopped
        public int RestStart, RestEnd;      // a stop: the rest of the path to resolve, in the (rewritten) path
        public int Symlinks;
    }

    public sealed partial class RamFileSystem
    {
        // `path` (its first `length` bytes, in a buffer of FileLimits.PathMax) from `start`; `root`
        // is the process's root when it is in this server, else 0. With Keep the inode found is
        // held for VFS.
        public LookupResult Lookup(Span<byte> path, int length, ulong start, ulong root, int flags, int symlinks, uint uid, uint gid)
        {
            var result = new LookupResult { Symlinks = symlinks };
            if (!Inodes.IsValid(start)) return Fail(ref result, LinuxErrno.EINVAL);
            uint current = (uint)start;
            int at = 0;
            while (true)
            {
                while (at < length && path[at] == '/') at++;
                if (at == length) break;
                int end = at;
                while (end < length && path[end] != '/') end++;
                ReadOnlySpan<byte> name = path.Slice(at, end - at);
                int rest = end;
                while (rest < length && path[rest] == '/') rest++;
                bool last = rest == length;
                bool trailingSlash = last && end < length;

                ref Inode directory = ref Inodes[current];
                if (!FileModes.IsDirectory(directory.Mode)) return Fail(ref result, LinuxErrno.ENOTDIR);
                if (name.Length > FileLimits.NameMax) return Fail(ref result, LinuxErrno.ENAMETOOLONG);
                if (!MayAccess(ref directory, uid, gid, AccessModes.Execute)) return Fail(ref result, LinuxErrno.EACCES);
                if (name.Length == 1 && name[0] == '.')
                {
                    at = end;
                    continue;
                }
                if (name.Length == 2 && name[0] == '.' && name[1] == '.')
                {
                    if (current == root) { at = end; continue; }
                    if (directory.Parent == current)
                    {
                        result.Inode = current;
                        result.RestStart = at;
                        result.RestEnd = length;
                        result.Result = FsLookupStops.LeaveMount;
                        return result;
                    }
                    current = directory.Parent;
                    at = end;
                    continue;
                }
                uint child = Directories.Find(ref directory, name, out _);
                if (child == 0) return Fail(ref result, LinuxErrno.ENOENT);
                ref Inode found = ref Inodes[child];
                if (found.MountPoint)
                {
                    result.Inode = child;
                    result.RestStart = end;
                    result.RestEnd = length;
                    result.Result = FsLookupStops.EnterMount;
                    return result;
                }
                if (FileModes.IsSymlink(found.Mode) && (!last || trailingSlash || (flags & FsLookupFlags.FollowLast) != 0))
                {
                    if (++result.Symlinks > FileLimits.SymlinkMax) return Fail(ref result, LinuxErrno.ELOOP);
                    int target = (int)found.Size;
                    int restLength = length - end;
                    if (target == 0) return Fail(ref result, LinuxErrno.ENOENT);
                    if (target + restLength >= FileLimits.PathMax || target + restLength > path.Length) return Fail(ref result, LinuxErrno.ENAMETOOLONG);
                    path.Slice(end, restLength).CopyTo(path.Slice(target));
                    ReadLinkInto(ref found, path.Slice(0, target));
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
                        current = (uint)root;
                    }
                    continue;
                }
                if (trailingSlash && !FileModes.IsDirectory(found.Mode)) return Fail(ref result, LinuxErrno.ENOTDIR);
                current = child;
                at = end;
            }
            if ((flags & FsLookupFlags.Directory) != 0 && !FileModes.IsDirectory(Inodes[current].Mode)) return Fail(ref result, LinuxErrno.ENOTDIR);
            if ((flags & FsLookupFlags.Keep) != 0) Inodes[current].Held = true;
            result.Inode = current;
            return result;
        }

        private static LookupResult Fail(ref LookupResult result, LinuxErrno error)
        {
            result.Result = -(long)error;
            return result;
        }

        // A symlink's target into `into` (its length).
        private void ReadLinkInto(ref Inode link, Span<byte> into)
        {
            for (int done = 0; done < into.Length;)
            {
                ReadOnlySpan<byte> run = Data.ReadRun(ref link, (ulong)done, (ulong)(into.Length - done));
                if (run.IsEmpty) break;
                run.CopyTo(into.Slice(done));
                done += run.Length;
            }
        }
    }
}
