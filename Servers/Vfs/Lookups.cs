using Lunix.Abi;
using Lunix.Abi.Linux;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // What the path calls share: a program's path resolved from its root, working directory or
    // an *at call's directory descriptor (AT_FDCWD: the working directory), and the checks of
    // permission VFS makes from a file's mode and owner.
    public static class Lookups
    {
        // The directory a relative path starts from: -EBADF, -ENOTDIR.
        public static int StartOf(int record, long directoryFd, int pathArea)
        {
            ref FileProcess process = ref Processes.At(record);
            if (FileServers.PathBuffer[pathArea] == '/' || directoryFd == AtFlags.CurrentDirectory) return process.WorkingDirectory;
            int vnode = Descriptors.VnodeOf(record, directoryFd);
            if (vnode < 0) return vnode;
            return Vnodes.IsDirectory(vnode) ? vnode : (int)-ENOTDIR;
        }

        // The program's path at `address` resolved (in area PathA). With AT_EMPTY_PATH an empty
        // path names the descriptor's own file, reported through `vnode` (else -1).
        public static long Resolve(int record, long directoryFd, ulong address, int lookupFlags, bool emptyPath, out Resolved found, out int vnode)
        {
            int length = UserPaths.Copy(Processes.At(record).Endpoint, address, FileServers.PathA, emptyAllowed: emptyPath);
            if (length >= 0) return ResolveCopied(record, directoryFd, length, lookupFlags, out found, out vnode);
            found = default;
            vnode = -1;
            return length;
        }

        // Resolve's work on a path already in area PathA, `length` bytes.
        public static long ResolveCopied(int record, long directoryFd, int length, int lookupFlags, out Resolved found, out int vnode)
        {
            found = default;
            vnode = -1;
            if (length == 0)
            {
                if (directoryFd == AtFlags.CurrentDirectory) vnode = Processes.At(record).WorkingDirectory;
                else vnode = Descriptors.VnodeOf(record, directoryFd);
                if (vnode < 0) return vnode;
                Describe(vnode, out found);
                return 0;
            }
            int start = StartOf(record, directoryFd, FileServers.PathA);
            if (start < 0) return start;
            return PathResolver.Resolve(in Processes.At(record), start, FileServers.PathA, length, lookupFlags, out found);
        }

        // The parent directory of the program's path (in `area`) and its last component (copied to
        // `nameArea`): the component's length, 0 for "/", or a negated errno.
        public static long ResolveParent(int record, long directoryFd, ulong address, int area, int nameArea, out Resolved parent, out bool trailingSlash)
        {
            int length = UserPaths.Copy(Processes.At(record).Endpoint, address, area);
            if (length >= 0) return ResolveParentCopied(record, directoryFd, area, length, nameArea, out parent, out trailingSlash);
            parent = default;
            trailingSlash = false;
            return length;
        }

        // ResolveParent's work on a path already in `area`, `length` bytes.
        public static long ResolveParentCopied(int record, long directoryFd, int area, int length, int nameArea, out Resolved parent, out bool trailingSlash)
        {
            parent = default;
            trailingSlash = false;
            int start = StartOf(record, directoryFd, area);
            if (start < 0) return start;
            int nameLength = PathResolver.SplitLast(area, ref length, nameArea, out trailingSlash);
            if (nameLength < 0) return nameLength;
            long resolved = PathResolver.Resolve(in Processes.At(record), start, area, length, FsLookupFlags.FollowLast | FsLookupFlags.Directory, out parent);
            return resolved < 0 ? resolved : nameLength;
        }

        public static void Describe(int vnode, out Resolved found)
        {
            ref Vnode node = ref Vnodes.At(vnode);
            found = new Resolved
            {
                Server = node.Server, Inode = node.Inode, Mode = node.Mode, Size = node.Size,
                SpecialDevice = node.SpecialDevice, Device = node.Device,
            };
        }

        // A held vnode of a resolved file (resolved with FsLookupFlags.Keep): -ENFILE when full.
        public static int Hold(in Resolved found)
        {
            int vnode = Vnodes.Get(found.Server, found.Inode, found.Mode, found.Size, found.SpecialDevice, found.Device);
            return vnode < 0 ? (int)-ENFILE : vnode;
        }

        // May the process read, write or execute (AccessModes bits) a file of this mode and
        // owner? Root may do all but execute what no one may.
        public static bool MayAccess(in FileProcess process, uint mode, uint uid, uint gid, int want)
        {
            if (process.Uid == 0) return (want & AccessModes.Execute) == 0 || FileModes.IsDirectory(mode) || (mode & 0x49) != 0;
            int bits = (int)(process.Uid == uid ? mode >> 6 : process.Gid == gid ? mode >> 3 : mode) & 7;
            return (bits & want) == want;
        }
    }
}
