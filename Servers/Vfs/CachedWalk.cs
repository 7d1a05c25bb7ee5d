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
            int known = PathCache.Find(server, start, process.Uid, process.Gid, path);
            if (known >= 0 && Answer(known, flags, symlinks, out reply) != NeedsServer) return reply.Result;
            ulong current = start;
            int here = Details(server, start);              // current's InodeCache entry, -1: unknown
            int at = 0;
            while (true)
            {
                while (at < path.Length && path[at] == '/') at++;
                if (at == path.Length) break;
                int end = at;
                uint hash = NameCache.HashStart;
                while (end < path.Length && path[end] != '/') hash = NameCache.HashStep(hash, path[end++]);
                ReadOnlySpan<byte> name = path.Slice(at, end - at);
                int rest = end;
                while (rest < path.Length && path[rest] == '/') rest++;
                bool last = rest == path.Length;
                bool trailingSlash = last && end < path.Length;

                if (here < 0) break;
                ref CachedInode directory = ref InodeCache.At(here);
                if (!FileModes.IsDirectory(directory.Mode)) return Fail(LinuxErrno.ENOTDIR, symlinks, out reply);
                if (name.Length > FileLimits.NameMax) return Fail(LinuxErrno.ENAMETOOLONG, symlinks, out reply);
                if (!Lookups.MayAccess(in process, directory.Mode, directory.Uid, directory.Gid, AccessModes.Execute))
                    return Fail(LinuxErrno.EACCES, symlinks, out reply);
                if (name.Length == 1 && name[0] == '.')
                {
                    at = end;
                    continue;
                }
                if (name.Length == 2 && name[0] == '.' && name[1] == '.') break;
                int found = NameCache.Find(server, current, name, hash);
                if (found < 0)
                {
                    long failed = Child(process, server, current, root, offset + at, name, out found);
                    if (failed < 0) return Fail(failed, symlinks, out reply);
                    if (found < 0) break;
                }
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
                here = found;
                at = end;
            }
            if (at < length) return FromHere(in process, server, current, root, ref offset, at, length, flags, ref symlinks, out reply);
            if (here < 0) return FromHere(in process, server, start, root, ref offset, 0, length, flags, ref symlinks, out reply);
            // The walk went by names alone, to something that is not a symlink (one not followed
            // ends it here only without FollowLast): the path leads there for this user until a
            // name or a permission changes.
            if (!FileModes.IsSymlink(InodeCache.At(here).Mode)) PathCache.Add(server, start, process.Uid, process.Gid, path, current, here);
            if (Answer(here, flags, symlinks, out reply) != NeedsServer) return reply.Result;
            return FromHere(in process, server, start, root, ref offset, 0, length, flags, ref symlinks, out reply);
        }

        private const long NeedsServer = long.MinValue;

        // The answer of a walk that reached InodeCache entry `found`, or NeedsServer: a vnode
        // needs the server's hold and the current size, and the cache lacks one of them (the
        // server's walk of the whole path then holds it, once).
        private static long Answer(int found, int flags, int symlinks, out FsReply reply)
        {
            ref CachedInode result = ref InodeCache.At(found);
            if ((flags & FsLookupFlags.Directory) != 0 && !FileModes.IsDirectory(result.Mode)) return Fail(LinuxErrno.ENOTDIR, symlinks, out reply);
            reply = new FsReply
            {
                Inode = result.Inode, Mode = result.Mode, Size = result.Size, Uid = result.Uid, Gid = result.Gid,
                SpecialDevice = result.SpecialDevice, Symlinks = symlinks,
            };
            return (flags & FsLookupFlags.Keep) != 0 && (!result.Held || !result.SizeKnown) ? NeedsServer : 0;
        }

        // The rest of the path, from `at`, looked up by the file system from `directory`.
        private static long FromHere(in FileProcess process, int server, ulong directory, ulong root, ref int offset, int at, int length, int flags,
                                     ref int symlinks, out FsReply reply)
        {
            offset += at;
            return FileServers.Lookup(server, directory, root, offset, length - at, flags, ref symlinks, process.Uid, process.Gid, out reply, process.Endpoint);
        }

        // A name the caches do not know (at `nameOffset` of the path buffer), asked of the server
        // alone and remembered: `found` its InodeCache entry, or -1 when the walk must leave it to
        // the server; or the path's answer (no such name, no search permission).
        private static long Child(in FileProcess process, int server, ulong directory, ulong root, int nameOffset, ReadOnlySpan<byte> name, out int found)
        {
            found = -1;
            int symlinks = 0;
            long result = FileServers.Lookup(server, directory, root, nameOffset, name.Length, 0, ref symlinks, process.Uid, process.Gid, out FsReply reply,
                                             process.Endpoint);
            int slot;
            if (result == 0) slot = InodeCache.Find(server, reply.Inode);     // CacheRules remembered it
            else if (result == FsLookupStops.EnterMount) slot = InodeCache.Remember(server, in reply, held: false);
            else return result == FsLookupStops.LeaveMount || result == FsLookupStops.Symlink ? 0 : result;
            if (slot < 0) return 0;
            NameCache.Add(server, directory, name, reply.Inode, slot);
            found = slot;
            return 0;
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

        private static long Fail(LinuxErrno error, int symlinks, out FsReply reply) => Fail(-(long)error, symlinks, out reply);

        private static long Fail(long error, int symlinks, out FsReply reply)
        {
            reply = default;
            reply.Result = error;
            reply.Symlinks = symlinks;
            return error;
        }
    }
}
