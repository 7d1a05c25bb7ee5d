using System;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Vfs
{
    // Path resolution (MINIX's vfs/path.c lookup()): a path in VFS's path buffer resolved for a
    // process, from its root directory (absolute) or a directory vnode (relative). In each file
    // system VFS walks its own caches first (CachedWalk), and the file system walks as much as it
    // can in one request; VFS goes on where it stops: into the file system mounted on a
    // directory, out of one at ".." of its root (at "/" ".." stays), and from the process's root
    // after an absolute symlink. Symlinks followed count across file systems (ELOOP past 40).
    public struct Resolved
    {
        public int Server;
        public ulong Inode;
        public uint Mode;
        public ulong Size;                  // current when resolved with FsLookupFlags.Keep, else as last known
        public ulong SpecialDevice;
        public ulong Device;                // st_dev of its file system
        public uint Uid, Gid;
    }

    public static class PathResolver
    {
        // Resolves `length` bytes at `offset` of the path buffer (the buffer there may be
        // rewritten). flags: FsLookupFlags. 0 or a negated errno.
        public static long Resolve(in FileProcess process, int startVnode, int offset, int length, int flags, out Resolved found)
        {
            found = default;
            if (length == 0) return -(long)LinuxErrno.ENOENT;
            ref Vnode root = ref Vnodes.At(process.RootDirectory);
            ref Vnode start = ref Vnodes.At(FileServers.PathBuffer[offset] == '/' ? process.RootDirectory : startVnode);
            int server = start.Server;
            ulong inode = start.Inode, device = start.Device;
            int symlinks = 0;
            for (int hop = 0; hop < 2 * Mounts.Capacity + FileLimits.SymlinkMax; hop++)
            {
                ulong rootHere = root.Server == server ? root.Inode : 0;
                long result = CachedWalk.Lookup(in process, server, inode, rootHere, ref offset, length, flags, ref symlinks, out FsReply reply);
                if (result == 0)
                {
                    found = new Resolved
                    {
                        Server = server, Inode = reply.Inode, Mode = reply.Mode, Size = reply.Size,
                        SpecialDevice = reply.SpecialDevice, Device = device, Uid = reply.Uid, Gid = reply.Gid,
                    };
                    return 0;
                }
                length = reply.RestLength;
                if (result == FsLookupStops.EnterMount)
                {
                    int mount = Mounts.Covering(server, reply.Inode);
                    if (mount < 0) return -(long)LinuxErrno.EIO;
                    ref Vnode mounted = ref Vnodes.At(Mounts.At(mount).Root);
                    server = mounted.Server;
                    inode = mounted.Inode;
                    device = mounted.Device;
                }
                else if (result == FsLookupStops.LeaveMount)
                {
                    int mount = Mounts.RootedAt(server, reply.Inode);
                    if (mount < 0) return -(long)LinuxErrno.EIO;
                    int covered = Mounts.At(mount).Covered;
                    if (covered < 0)
                    {
                        // ".." of "/" is "/": the rest goes on from here without it.
                        offset += 2;
                        length -= 2;
                    }
                    else
                    {
                        ref Vnode under = ref Vnodes.At(covered);
                        server = under.Server;
                        inode = under.Inode;
                        device = under.Device;
                    }
                }
                else if (result == FsLookupStops.Symlink)
                {
                    server = root.Server;
                    inode = root.Inode;
                    device = root.Device;
                }
                else return result;
                if (length <= 0)
                {
                    // Nothing left: the directory reached is the answer (a mount's root, "/").
                    FileServers.PathBuffer[offset] = (byte)'.';
                    length = 1;
                }
            }
            return -(long)LinuxErrno.ELOOP;
        }

        // The directory and last component of the path at `offset`: the component is copied to
        // `nameOffset` (so the directory's lookup may rewrite the path), the path cut to its
        // directory ("." for a bare name, "/" for "/name"). Trailing slashes are dropped from the
        // component; `trailingSlash` says whether there were any. The component's length, 0 for a
        // path that is all slashes, or -ENAMETOOLONG.
        public static int SplitLast(int offset, ref int length, int nameOffset, out bool trailingSlash)
        {
            Span<byte> path = FileServers.PathBuffer.AsSpan(offset, length);
            int end = path.Length;
            while (end > 0 && path[end - 1] == '/') end--;
            trailingSlash = end < path.Length;
            if (end == 0)
            {
                length = 1;                                  // "/"
                return 0;
            }
            int start = end;
            while (start > 0 && path[start - 1] != '/') start--;
            int nameLength = end - start;
            if (nameLength > FileLimits.NameMax) return -(int)LinuxErrno.ENAMETOOLONG;
            path.Slice(start, nameLength).CopyTo(FileServers.PathBuffer.AsSpan(nameOffset));
            if (start == 0)
            {
                FileServers.PathBuffer[offset] = (byte)'.';
                length = 1;
            }
            else
            {
                while (start > 1 && path[start - 1] == '/') start--;
                length = start;                              // keeps one '/' when that is all
            }
            return nameLength;
        }
    }
}
