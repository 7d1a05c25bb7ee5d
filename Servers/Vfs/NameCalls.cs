using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // The calls that make, remove and move names: mkdir, mknod, rmdir, unlink, rename, link,
    // symlink and their *at forms, and readlink (MINIX's do_mkdir, do_unlink, do_rename, do_link,
    // do_slink, do_rdlink). Each resolves the directory of its path, then asks its server once.
    public static class NameCalls
    {
        public static long MakeDirectory(int record, long directoryFd, ulong path, uint mode)
        {
            long name = Lookups.ResolveParent(record, directoryFd, path, FileServers.PathA, FileServers.NameA, out Resolved parent, out _);
            if (name < 0) return name;
            if (name == 0) return -EEXIST;
            ref FileProcess process = ref Processes.At(record);
            return Make(FsRequests.MakeDirectory, in parent, (int)name, FileModes.Directory | (mode & ~process.Umask & FileModes.Permissions), 0, in process);
        }

        // mknod: regular files, fifos and devices (root only, as Linux without CAP_MKNOD).
        public static long MakeNode(int record, long directoryFd, ulong path, uint mode, ulong device)
        {
            uint type = mode & FileModes.TypeMask;
            if (type == FileModes.Directory || type == FileModes.Symlink) return -EINVAL;
            if (type != 0 && type != FileModes.Regular && type != FileModes.Fifo && type != FileModes.Socket
                && type != FileModes.CharDevice && type != FileModes.BlockDevice) return -EINVAL;
            ref FileProcess process = ref Processes.At(record);
            if ((type == FileModes.CharDevice || type == FileModes.BlockDevice) && process.Uid != 0) return -EPERM;
            long name = Lookups.ResolveParent(record, directoryFd, path, FileServers.PathA, FileServers.NameA, out Resolved parent, out bool trailingSlash);
            if (name < 0) return name;
            if (name == 0) return -EEXIST;
            if (trailingSlash) return -ENOENT;
            long result = Make(FsRequests.Create, in parent, (int)name, (type == 0 ? FileModes.Regular : type) | (mode & ~process.Umask & FileModes.Permissions),
                               DeviceNumbers.Make((uint)(device >> 8) & 0xFFF, (uint)(device & 0xFF) | (uint)((device >> 12) & ~0xFFUL)), in process);
            return result;
        }

        public static long Symlink(int record, ulong target, long directoryFd, ulong path)
        {
            int targetLength = UserPaths.Copy(Processes.At(record).Endpoint, target, FileServers.PathB);
            if (targetLength < 0) return targetLength;
            long name = Lookups.ResolveParent(record, directoryFd, path, FileServers.PathA, FileServers.NameA, out Resolved parent, out bool trailingSlash);
            if (name < 0) return name;
            if (name == 0) return -EEXIST;
            if (trailingSlash) return -ENOENT;
            ref FileProcess process = ref Processes.At(record);
            Message message = default;
            message.Type = FsRequests.Symlink;
            ref FsCreate create = ref message.Payload<FsCreate>();
            Fill(ref create, in parent, (int)name, 0, in process);
            create.TargetOffset = FileServers.PathB;
            create.TargetLength = targetLength;
            return Unhold(parent.Server, FileServers.Call(parent.Server, ref message, out FsReply reply), in reply);
        }

        public static long Link(int record, long oldDirectoryFd, ulong oldPath, long newDirectoryFd, ulong newPath, int flags)
        {
            if ((flags & ~(AtFlags.SymlinkFollow | AtFlags.EmptyPath)) != 0) return -EINVAL;
            int lookup = (flags & AtFlags.SymlinkFollow) != 0 ? FsLookupFlags.FollowLast : 0;
            long resolved = Lookups.Resolve(record, oldDirectoryFd, oldPath, lookup, (flags & AtFlags.EmptyPath) != 0, out Resolved target, out _);
            if (resolved < 0) return resolved;
            if (FileModes.IsDirectory(target.Mode)) return -EPERM;
            long name = Lookups.ResolveParent(record, newDirectoryFd, newPath, FileServers.PathB, FileServers.NameB, out Resolved parent, out bool trailingSlash);
            if (name < 0) return name;
            if (name == 0) return -EEXIST;
            if (trailingSlash) return -ENOENT;
            if (parent.Server != target.Server || parent.Device != target.Device) return Exists(record, in parent, (int)name) ? -EEXIST : -EXDEV;
            ref FileProcess process = ref Processes.At(record);
            Message message = default;
            message.Type = FsRequests.Link;
            ref FsCreate create = ref message.Payload<FsCreate>();
            Fill(ref create, in parent, (int)name, 0, in process);
            create.NameOffset = FileServers.NameB;
            create.Inode = target.Inode;
            return Unhold(parent.Server, FileServers.Call(parent.Server, ref message, out FsReply reply), in reply);
        }

        // unlink, unlinkat, rmdir.
        public static long Unlink(int record, long directoryFd, ulong path, int flags)
        {
            if ((flags & ~AtFlags.RemoveDirectory) != 0) return -EINVAL;
            bool directory = (flags & AtFlags.RemoveDirectory) != 0;
            long name = Lookups.ResolveParent(record, directoryFd, path, FileServers.PathA, FileServers.NameA, out Resolved parent, out bool trailingSlash);
            if (name < 0) return name;
            if (name == 0) return directory ? -EBUSY : -EISDIR;
            ref FileProcess process = ref Processes.At(record);
            if (trailingSlash && !directory)
            {
                // "file/" names a directory or nothing: look it up to say which error.
                return UnlinkTrailing(record, in parent, (int)name);
            }
            Message message = default;
            message.Type = FsRequests.Unlink;
            ref FsCreate request = ref message.Payload<FsCreate>();
            Fill(ref request, in parent, (int)name, 0, in process);
            request.Flags = directory ? FsCreateFlags.RemoveDirectory : 0;
            long result = FileServers.Call(parent.Server, ref message, out FsReply reply);
            if (result == 0 && (reply.Flags & FsReplyFlags.Orphaned) != 0) Descriptors.Orphaned(parent.Server, reply.Inode);
            if (result == -EBUSY && directory) return -EBUSY;
            return result;
        }

        public static long Rename(int record, long oldDirectoryFd, ulong oldPath, long newDirectoryFd, ulong newPath, int flags)
        {
            if ((flags & ~(RenameFlags.NoReplace | RenameFlags.Exchange | RenameFlags.Whiteout)) != 0) return -EINVAL;
            if ((flags & (RenameFlags.Exchange | RenameFlags.Whiteout)) != 0) return -EINVAL;
            long oldName = Lookups.ResolveParent(record, oldDirectoryFd, oldPath, FileServers.PathA, FileServers.NameA, out Resolved oldParent, out _);
            if (oldName < 0) return oldName;
            long newName = Lookups.ResolveParent(record, newDirectoryFd, newPath, FileServers.PathB, FileServers.NameB, out Resolved newParent, out _);
            if (newName < 0) return newName;
            if (oldName == 0 || newName == 0) return -EBUSY;
            if (oldParent.Server != newParent.Server || oldParent.Device != newParent.Device) return -EXDEV;
            ref FileProcess process = ref Processes.At(record);
            Message message = default;
            message.Type = FsRequests.Rename;
            ref FsRename rename = ref message.Payload<FsRename>();
            rename.OldDirectory = oldParent.Inode;
            rename.NewDirectory = newParent.Inode;
            rename.OldOffset = FileServers.NameA;
            rename.OldLength = (int)oldName;
            rename.NewOffset = FileServers.NameB;
            rename.NewLength = (int)newName;
            rename.Flags = (flags & RenameFlags.NoReplace) != 0 ? FsCreateFlags.NoReplace : 0;
            rename.Uid = process.Uid;
            rename.Gid = process.Gid;
            long result = FileServers.Call(oldParent.Server, ref message, out FsReply reply);
            if (result == 0 && (reply.Flags & FsReplyFlags.Orphaned) != 0) Descriptors.Orphaned(oldParent.Server, reply.Inode);
            return result;
        }

        public static long ReadLink(int record, long directoryFd, ulong path, ulong buffer, long size)
        {
            if (size <= 0) return -EINVAL;
            long resolved = Lookups.Resolve(record, directoryFd, path, 0, true, out Resolved found, out int vnode);
            if (resolved < 0) return resolved;
            if (!FileModes.IsSymlink(found.Mode)) return -EINVAL;
            int grant = GrantTable.GrantMagic(found.Server, Processes.At(record).Endpoint, buffer, (ulong)size, GrantFlags.Write);
            if (grant < 0) return -ENOMEM;
            long result = FileServers.Data(found.Server, FsRequests.ReadLink, found.Inode, 0, (ulong)size, grant, 0, out _);
            GrantTable.Revoke(grant);
            return result;
        }

        private static long Make(int type, in Resolved parent, int nameLength, uint mode, ulong device, in FileProcess process)
        {
            Message message = default;
            message.Type = type;
            Fill(ref message.Payload<FsCreate>(), in parent, nameLength, mode, in process);
            message.Payload<FsCreate>().Inode = device;
            return Unhold(parent.Server, FileServers.Call(parent.Server, ref message, out FsReply reply), in reply);
        }

        private static void Fill(ref FsCreate create, in Resolved parent, int nameLength, uint mode, in FileProcess process)
        {
            create.Directory = parent.Inode;
            create.NameOffset = FileServers.NameA;
            create.NameLength = nameLength;
            create.Mode = mode;
            create.Uid = process.Uid;
            create.Gid = process.Gid;
        }

        // A name made by a call that keeps no vnode of it: the server's hold on it is dropped
        // unless VFS has a vnode of it (a link to an open file).
        private static long Unhold(int server, long result, in FsReply reply)
        {
            if (result == 0 && Vnodes.Find(server, reply.Inode) < 0) FileServers.Inode(server, FsRequests.PutNode, reply.Inode);
            return result < 0 ? result : 0;
        }

        // Whether the last component at NameB names something in `parent` (link's EEXIST comes
        // before its EXDEV, as Linux's).
        private static bool Exists(int record, in Resolved parent, int nameLength)
        {
            FileServers.Name(FileServers.NameB, nameLength).CopyTo(new System.Span<byte>(FileServers.PathBuffer, FileServers.PathB, nameLength));
            int symlinks = 0;
            return FileServers.Lookup(parent.Server, parent.Inode, 0, FileServers.PathB, nameLength, 0, ref symlinks,
                                      Processes.At(record).Uid, Processes.At(record).Gid, out _) != -ENOENT;
        }

        // unlink("name/"): -EISDIR when name is a directory, else what its lookup says.
        private static long UnlinkTrailing(int record, in Resolved parent, int nameLength)
        {
            System.Span<byte> path = FileServers.PathBuffer;
            FileServers.Name(FileServers.NameA, nameLength).CopyTo(path.Slice(FileServers.PathA));
            // A vnode to start from: the one VFS has (its size kept: the parent was resolved
            // without Keep), or a new one for the while.
            int vnode = Vnodes.Find(parent.Server, parent.Inode);
            if (vnode >= 0) Vnodes.Hold(vnode);
            else vnode = Vnodes.Get(parent.Server, parent.Inode, parent.Mode, parent.Size, parent.SpecialDevice, parent.Device);
            if (vnode < 0) return -ENFILE;
            long resolved = PathResolver.Resolve(in Processes.At(record), vnode, FileServers.PathA, nameLength, 0, out Resolved found);
            Descriptors.ReleaseVnode(vnode);
            if (resolved < 0) return resolved;
            return FileModes.IsDirectory(found.Mode) ? -EISDIR : -ENOTDIR;
        }
    }
}
