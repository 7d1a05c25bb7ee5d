using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // chmod, chown, utimensat and their forms, access/faccessat, umask, truncate, ftruncate,
    // fsync, sync (MINIX's do_chmod, do_chown, do_utimens, do_access, do_umask, do_truncate,
    // do_sync): the file found by path or descriptor, its server asked once.
    public static class AttributeCalls
    {
        // chmod, fchmodat (flags: AT_SYMLINK_NOFOLLOW is EOPNOTSUPP on Linux for a symlink).
        public static long ChangeMode(int record, long directoryFd, ulong path, uint mode, int flags, bool byDescriptor)
        {
            if (!Find(record, directoryFd, path, flags, byDescriptor, out int server, out ulong inode, out long error)) return error;
            var change = new FsAttributes { Inode = inode, Which = FsAttributeKinds.Mode, Mode = mode };
            return Set(record, server, ref change);
        }

        public static long ChangeOwner(int record, long directoryFd, ulong path, uint uid, uint gid, int flags, bool byDescriptor)
        {
            if ((flags & ~(AtFlags.SymlinkNoFollow | AtFlags.EmptyPath)) != 0) return -EINVAL;
            if (!Find(record, directoryFd, path, flags, byDescriptor, out int server, out ulong inode, out long error)) return error;
            var change = new FsAttributes { Inode = inode, Which = FsAttributeKinds.Owner, Uid = uid, Gid = gid };
            return Set(record, server, ref change);
        }

        // utimensat: times[2] from the program (null: both now), or utimes' timevals, utime's
        // utimbuf, converted by the caller into seconds and nanoseconds.
        public static long SetTimes(int record, long directoryFd, ulong path, ulong times, int flags)
        {
            if ((flags & ~(AtFlags.SymlinkNoFollow | AtFlags.EmptyPath)) != 0) return -EINVAL;
            var change = new FsAttributes { Which = FsAttributeKinds.Times };
            if (times == 0)
            {
                change.AccessNanoseconds = change.ModifyNanoseconds = (int)TimeSpecials.Now;
            }
            else
            {
                Span<byte> given = stackalloc byte[2 * LinuxTimespec.Size];
                if (new ProcessSlice<Readable>(Processes.At(record).Endpoint, times, (ulong)given.Length).CopyTo(given) != 0) return -EFAULT;
                if (!Time(given, out change.AccessSeconds, out change.AccessNanoseconds)
                    || !Time(given.Slice(LinuxTimespec.Size), out change.ModifySeconds, out change.ModifyNanoseconds)) return -EINVAL;
                if (change.AccessNanoseconds == TimeSpecials.Omit && change.ModifyNanoseconds == TimeSpecials.Omit) return 0;
            }
            // utimensat(fd, NULL, ...) names the descriptor's file itself.
            bool byDescriptor = path == 0;
            if (byDescriptor && directoryFd == AtFlags.CurrentDirectory) return -EFAULT;
            if (!Find(record, directoryFd, path, flags, byDescriptor, out int server, out ulong inode, out long error)) return error;
            change.Inode = inode;
            return Set(record, server, ref change);
        }

        // access, faccessat, faccessat2: the real ids' permission (root: any, but execute only
        // when some execute bit is set).
        public static long Access(int record, long directoryFd, ulong path, int mode, int flags)
        {
            if ((mode & ~7) != 0) return -EINVAL;
            if ((flags & ~(AtFlags.SymlinkNoFollow | AtFlags.EffectiveAccess | AtFlags.EmptyPath)) != 0) return -EINVAL;
            int lookup = (flags & AtFlags.SymlinkNoFollow) != 0 ? 0 : FsLookupFlags.FollowLast;
            long resolved = Lookups.Resolve(record, directoryFd, path, lookup, (flags & AtFlags.EmptyPath) != 0, out Resolved found, out _);
            if (resolved < 0) return resolved;
            if (mode == AccessModes.Exists) return 0;
            if ((mode & AccessModes.Write) != 0 && IsReadOnly(found.Server, found.Device)) return -EROFS;
            return Lookups.MayAccess(in Processes.At(record), found.Mode, found.Uid, found.Gid, mode) ? 0 : -EACCES;
        }

        public static long Umask(int record, uint mask)
        {
            ref FileProcess process = ref Processes.At(record);
            uint old = process.Umask;
            process.Umask = mask & 0x1FF;
            return old;
        }

        public static long Truncate(int record, ulong path, long length)
        {
            if (length < 0) return -EINVAL;
            long resolved = Lookups.Resolve(record, AtFlags.CurrentDirectory, path, FsLookupFlags.FollowLast, false, out Resolved found, out _);
            if (resolved < 0) return resolved;
            if (FileModes.IsDirectory(found.Mode)) return -EISDIR;
            if (!FileModes.IsRegular(found.Mode)) return -EINVAL;
            if (!Lookups.MayAccess(in Processes.At(record), found.Mode, found.Uid, found.Gid, AccessModes.Write)) return -EACCES;
            return Resize(found.Server, found.Inode, length);
        }

        public static long FileTruncate(int record, long fd, long length)
        {
            if (length < 0) return -EINVAL;
            int file = Descriptors.FileOf(record, fd);
            if (file < 0) return -EBADF;
            ref Vnode vnode = ref Vnodes.At(OpenFiles.At(file).Vnode);
            if (!OpenFiles.IsWritable(file) || (OpenFiles.At(file).Flags & OpenFlags.Path) != 0) return -EINVAL;
            if (!FileModes.IsRegular(vnode.Mode)) return -EINVAL;
            return Resize(vnode.Server, vnode.Inode, length);
        }

        // fsync, fdatasync: the descriptor's file system written back; sync, syncfs: all of them.
        public static long Sync(int record, long fd, bool all)
        {
            if (!all)
            {
                int vnode = Descriptors.VnodeOf(record, fd);
                if (vnode < 0) return vnode;
                ref Vnode node = ref Vnodes.At(vnode);
                return node.Server == 0 ? -EINVAL : FileServers.Inode(node.Server, FsRequests.Sync, node.Inode);
            }
            for (int m = 0; m < Mounts.Capacity; m++)
            {
                ref Mount mount = ref Mounts.At(m);
                if (mount.InUse) FileServers.Inode(mount.Server, FsRequests.Sync, Vnodes.At(mount.Root).Inode);
            }
            return 0;
        }

        private static long Resize(int server, ulong inode, long length)
        {
            long result = FileServers.Data(server, FsRequests.Truncate, inode, (ulong)length, 0, -1, 0, out FsReply reply);
            if (result == 0)
            {
                int vnode = Vnodes.Find(server, inode);
                if (vnode >= 0) Vnodes.At(vnode).Size = reply.Size;
            }
            return result;
        }

        // The file a path (or, with byDescriptor, the descriptor itself) names.
        private static bool Find(int record, long directoryFd, ulong path, int flags, bool byDescriptor, out int server, out ulong inode, out long error)
        {
            server = 0;
            inode = 0;
            error = 0;
            if (byDescriptor)
            {
                int vnode = Descriptors.VnodeOf(record, directoryFd);
                if (vnode < 0) { error = vnode; return false; }
                server = Vnodes.At(vnode).Server;
                inode = Vnodes.At(vnode).Inode;
                if (server == 0) { error = -EINVAL; return false; }
                return true;
            }
            int lookup = (flags & AtFlags.SymlinkNoFollow) != 0 ? 0 : FsLookupFlags.FollowLast;
            long resolved = Lookups.Resolve(record, directoryFd, path, lookup, (flags & AtFlags.EmptyPath) != 0, out Resolved found, out _);
            if (resolved < 0) { error = resolved; return false; }
            server = found.Server;
            inode = found.Inode;
            return true;
        }

        private static long Set(int record, int server, ref FsAttributes change)
        {
            ref FileProcess process = ref Processes.At(record);
            change.CallerUid = process.Uid;
            change.CallerGid = process.Gid;
            Message message = default;
            message.Type = FsRequests.SetAttributes;
            message.Payload<FsAttributes>() = change;
            return FileServers.Call(server, ref message, out _);
        }

        private static bool Time(ReadOnlySpan<byte> timespec, out long seconds, out int nanoseconds)
        {
            seconds = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(timespec);
            long ns = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(timespec.Slice(8));
            nanoseconds = (int)ns;
            return ns == TimeSpecials.Now || ns == TimeSpecials.Omit || (ns >= 0 && ns < 1_000_000_000);
        }

        private static bool IsReadOnly(int server, ulong device)
        {
            int mount = Mounts.Of(server, device);
            return mount >= 0 && (Mounts.At(mount).Flags & FsMountFlags.ReadOnly) != 0;
        }
    }
}
