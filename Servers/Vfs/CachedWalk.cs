using System;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Vfs
{
    // PathResolver's lookup in one file system. In a cached one (FileServers.IsCached) the path is
    // walked in VFS's caches a component at a time, with the checks the file system's own walk
    // makes (RamFs's PathWalk), in its order: so a path of names VFS knows resolves without a
    // message. A name not cached is asked for alone and remembered. What the caches cannot do (a
    // symlink to follow, "..", a name too long to cache) goes to the file system from the
    // directory reached, with the rest of the path. FileServers.Lookup's contract, except that
    // `offset` moves to where the rest starts (a stop's rest is there).
    public static class CachedWalk
    {
        public static long Lookup(in FileProcess process, int server, ulong start, ulong root, ref int offset, int length, int flags, ref int symlinks,
                                  out FsReply reply)
        {
            if (!FileServers.IsCached(server))
                return FileServers.Lookup(server, start, root, offset, length, flags, ref symlinks, process.Uid, process.Gid, out reply, process.Endpoint);
            ReadOnlySpan<byte> path = FileServers.PathBuffer.AsSpan(offset, length);
            ulong current = start;
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

                int directory = Details(server, current);
                if (directory < 0) break;
                ref CachedInode here = ref InodeCache.At(directory);
                if (!FileModes.IsDirectory(here.Mode)) return Fail(LinuxErrno.ENOTDIR, symlinks, out reply);
                if (name.Length > FileLimits.NameMax) return Fail(LinuxErrno.ENAMETOOLONG, symlinks, out reply);
                if (!Lookups.MayAccess(in process, here.Mode, here.Uid, here.Gid, AccessModes.Execute)) return Fail(LinuxErrno.EACCES, symlinks, out reply);
                if (name.Length == 1 && name[0] == '.')
                {
                    at = end;
                    continue;
                }
                if (name.Length == 2 && name[0] == '.' && name[1] == '.') break;
                int found = Child(process, server, current, root, offset + at, name, out long failed);
                if (failed < 0)
                {
                    reply = default;
                    reply.Result = failed;
                    reply.Symlinks = symlinks;
                    return failed;
                }
                if (found < 0) break;
                ref CachedInode child = ref InodeCache.At(found);
                ulong inode = child.Inode;
                int vnode = Vnodes.Find(server, inode);
                if (vnode >= 0 && Vnodes.At(vnode).MountedHere != 0)
                {
                    // Go on in the file system mounted here, with the rest after this name.
                    reply = default;
                    reply.Inode = inode;
                    reply.Symlinks = symlinks;
                    reply.RestLength = length - end;
                    offset += end;
                    return FsLookupStops.EnterMount;
                }
                if (FileModes.IsSymlink(child.Mode) && (!last || trailingSlash || (flags & FsLookupFlags.FollowLast) != 0)) break;
                if (trailingSlash && !FileModes.IsDirectory(child.Mode)) return Fail(LinuxErrno.ENOTDIR, symlinks, out reply);
                current = inode;
                at = end;
            }
            if (at < length) return FromHere(in process, server, current, root, ref offset, at, length, flags, ref symlinks, out reply);
            int answer = Details(server, current);
            if (answer < 0) return FromHere(in process, server, start, root, ref offset, 0, length, flags, ref symlinks, out reply);
            ref CachedInode result = ref InodeCache.At(answer);
            if ((flags & FsLookupFlags.Directory) != 0 && !FileModes.IsDirectory(result.Mode)) return Fail(LinuxErrno.ENOTDIR, symlinks, out reply);
            // A vnode needs the server's hold and the current size: the whole walk again by the
            // server when the cache lacks either.
            if ((flags & FsLookupFlags.Keep) != 0 && (!result.Held || !result.SizeKnown))
                return FromHere(in process, server, start, root, ref offset, 0, length, flags, ref symlinks, out reply);
            reply = new FsReply
            {
                Inode = current, Mode = result.Mode, Size = result.Size, Uid = result.Uid, Gid = result.Gid,
                SpecialDevice = result.SpecialDevice, Symlinks = symlinks,
            };
            return 0;
        }

        // The rest of the path, from `at`, looked up by the file system from `directory`.
        private static long FromHere(in FileProcess process, int server, ulong directory, ulong root, ref int offset, int at, int length, int flags,
                                     ref int symlinks, out FsReply reply)
        {
            offset += at;
            return FileServers.Lookup(server, directory, root, offset, length - at, flags, ref symlinks, process.Uid, process.Gid, out reply, process.Endpoint);
        }

        // The cache entry of the inode `name` (at `nameOffset` of the path buffer) leads to in
        // `directory`, asked of the server when not cached: -1 when the walk must leave it to the
        // server, or `failed` the path's answer (no such name, no search permission).
        private static int Child(in FileProcess process, int server, ulong directory, ulong root, int nameOffset, ReadOnlySpan<byte> name, out long failed)
        {
            failed = 0;
            ulong inode = NameCache.Find(server, directory, name);
            int found = inode == 0 ? -1 : InodeCache.Find(server, inode);
            if (found >= 0) return found;
            int symlinks = 0;
            long result = FileServers.Lookup(server, directory, root, nameOffset, name.Length, 0, ref symlinks, process.Uid, process.Gid, out FsReply reply,
                                             process.Endpoint);
            if (result == FsLookupStops.EnterMount) InodeCache.Remember(server, in reply, held: false);
            else if (result != 0)
            {
                // An errno is the path's answer; any other stop is left to the server's whole walk.
                failed = result == FsLookupStops.LeaveMount || result == FsLookupStops.Symlink ? 0 : result;
                return -1;
            }
            NameCache.Add(server, directory, name, reply.Inode);
            return InodeCache.Find(server, reply.Inode);
        }

        // The cache entry of a directory the walk is in, asked of the server (as "." from it, by
        // VFS itself) when not cached; -1 when the server could not say.
        private static int Details(int server, ulong inode)
        {
            int found = InodeCache.Find(server, inode);
            if (found >= 0) return found;
            FileServers.PathBuffer[FileServers.Dot] = (byte)'.';
            int symlinks = 0;
            if (FileServers.Lookup(server, inode, 0, FileServers.Dot, 1, 0, ref symlinks, 0, 0, out _) != 0) return -1;
            return InodeCache.Find(server, inode);
        }

        private static long Fail(LinuxErrno error, int symlinks, out FsReply reply)
        {
            reply = default;
            reply.Result = -(long)error;
            reply.Symlinks = symlinks;
            return reply.Result;
        }
    }
}
