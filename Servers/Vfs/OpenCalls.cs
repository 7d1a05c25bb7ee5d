using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // open, openat, creat (MINIX's do_open, common_open): the path resolved (or its directory,
    // with O_CREAT, and the file made or found there in one request), the permissions checked, a
    // device opened, O_TRUNC done, and a new open file description installed at the lowest free
    // descriptor.
    public static class OpenCalls
    {
        private const int DescriptionFlags = ~(OpenFlags.Create | OpenFlags.Exclusive | OpenFlags.Truncate | OpenFlags.CloseOnExec | OpenFlags.NoControllingTerminal);

        public static long Open(int record, long directoryFd, ulong path, int flags, uint mode)
        {
            ref FileProcess process = ref Processes.At(record);
            Resolved found;
            bool created = false;
            if ((flags & OpenFlags.TemporaryFile) == OpenFlags.TemporaryFile) return -EINVAL;
            // The name as the program gave it is kept in PathB, for /proc's links; resolution
            // works on its copy in PathA, which it may rewrite.
            int named = UserPaths.Copy(process.Endpoint, path, FileServers.PathB);
            if (named < 0) return named;
            ReadOnlySpan<byte> given = FileServers.Name(FileServers.PathB, named);
            if ((flags & OpenFlags.Create) != 0)
            {
                long made = CreateOrFind(record, directoryFd, named, flags, mode, out found, out created);
                if (made < 0) return made;
            }
            else
            {
                int lookup = FsLookupFlags.Keep | ((flags & OpenFlags.NoFollow) == 0 ? FsLookupFlags.FollowLast : 0)
                           | ((flags & OpenFlags.Directory) != 0 ? FsLookupFlags.Directory : 0);
                GivenToPathA(named);
                long resolved = Lookups.ResolveCopied(record, directoryFd, named, lookup, out found, out _);
                if (resolved < 0) return resolved;
                if (FileModes.IsSymlink(found.Mode) && (flags & OpenFlags.Path) == 0) return -ELOOP;
            }
            long allowed = created ? 0 : MayOpen(in process, in found, flags);
            int vnode = allowed < 0 ? -1 : Lookups.Hold(in found);
            if (allowed < 0 || vnode < 0)
            {
                if (vnode < 0 && allowed == 0) allowed = vnode;
                ReleaseUnheld(in found);
                return allowed;
            }
            if ((flags & OpenFlags.Truncate) != 0 && FileModes.IsRegular(found.Mode) && (flags & OpenFlags.AccessMode) != OpenFlags.ReadOnly
                && Vnodes.At(vnode).Size != 0)
            {
                long truncated = FileServers.Data(found.Server, FsRequests.Truncate, found.Inode, 0, 0, -1, 0, out FsReply reply);
                if (truncated < 0)
                {
                    Descriptors.ReleaseVnode(vnode);
                    return truncated;
                }
                Vnodes.At(vnode).Size = reply.Size;
            }
            if (FileModes.IsDevice(found.Mode) && (flags & OpenFlags.Path) == 0)
            {
                long opened = FileModes.IsCharDevice(found.Mode) ? CharDevices.Open(record, found.SpecialDevice, flags)
                                                                 : BlockDevices.Open(found.SpecialDevice, flags);
                if (opened < 0)
                {
                    Descriptors.ReleaseVnode(vnode);
                    return opened;
                }
            }
            if (FileModes.IsFifo(found.Mode) && (flags & OpenFlags.Path) == 0)
                return Fifos.Open(record, vnode, flags, flags & DescriptionFlags, directoryFd, given);
            return Install(record, vnode, flags, directoryFd, given);
        }

        // A new open file description of `vnode` (whose use the caller hands over) at the lowest
        // free descriptor: its number, or -EMFILE, -ENFILE.
        public static long Install(int record, int vnode, int flags, long directoryFd, ReadOnlySpan<byte> given)
        {
            int file = OpenFiles.Open(vnode, flags & DescriptionFlags);
            if (file < 0)
            {
                Descriptors.ReleaseVnode(vnode);
                return -ENFILE;
            }
            ProcessView.Opened(file, record, directoryFd, given);
            return InstallFile(record, file, flags);
        }

        // An open file description (the caller's one reference) at the lowest free descriptor.
        public static long InstallFile(int record, int file, int flags)
        {
            int fd = Descriptors.Table.Install(record, 0, file, (flags & OpenFlags.CloseOnExec) != 0);
            if (fd < 0) Descriptors.ReleaseFile(file);
            return fd;
        }

        // O_CREAT: the file made in its directory, or the one there (not with O_EXCL); a symlink
        // there is followed (not with O_NOFOLLOW: ELOOP), as Linux does.
        private static long CreateOrFind(int record, long directoryFd, int pathLength, int flags, uint mode, out Resolved found, out bool created)
        {
            ref FileProcess process = ref Processes.At(record);
            created = false;
            GivenToPathA(pathLength);
            long nameLength = Lookups.ResolveParentCopied(record, directoryFd, FileServers.PathA, pathLength, FileServers.NameA, out Resolved parent, out bool trailingSlash);
            found = default;
            if (nameLength < 0) return nameLength;
            if (nameLength == 0 || trailingSlash) return -EISDIR;
            Message message = default;
            message.Type = FsRequests.Create;
            ref FsCreate create = ref message.Payload<FsCreate>();
            create.Directory = parent.Inode;
            create.NameOffset = FileServers.NameA;
            create.NameLength = (int)nameLength;
            create.Mode = FileModes.Regular | (mode & ~process.Umask & FileModes.Permissions);
            create.Uid = process.Uid;
            create.Gid = process.Gid;
            create.Flags = (flags & OpenFlags.Exclusive) != 0 ? 0 : FsCreateFlags.OpenExisting;
            long result = FileServers.Call(parent.Server, ref message, out FsReply reply);
            found = new Resolved
            {
                Server = parent.Server, Inode = reply.Inode, Mode = reply.Mode, Size = reply.Size,
                SpecialDevice = reply.SpecialDevice, Device = parent.Device, Uid = reply.Uid, Gid = reply.Gid,
            };
            if (result == 0)
            {
                created = true;
                return 0;
            }
            if (result != -EEXIST || (flags & OpenFlags.Exclusive) != 0 || reply.Inode == 0) return result;
            if (FileModes.IsDirectory(reply.Mode)) return -EISDIR;
            if (!FileModes.IsSymlink(reply.Mode)) return 0;
            if ((flags & OpenFlags.NoFollow) != 0) return -ELOOP;
            // A symlink: the whole path again, following it (a dangling one is not made here).
            GivenToPathA(pathLength);
            return Lookups.ResolveCopied(record, directoryFd, pathLength, FsLookupFlags.Keep | FsLookupFlags.FollowLast, out found, out _);
        }

        // The path as the program gave it (kept in PathB) into PathA for a resolution, which may
        // rewrite it.
        private static void GivenToPathA(int length) => FileServers.Name(FileServers.PathB, length).CopyTo(FileServers.PathBuffer.AsSpan(FileServers.PathA));

        // open's checks of an existing file: the access its mode gives, no writing a directory.
        private static long MayOpen(in FileProcess process, in Resolved found, int flags)
        {
            if ((flags & OpenFlags.Path) != 0) return 0;
            int access = flags & OpenFlags.AccessMode;
            if (FileModes.IsDirectory(found.Mode) && (access != OpenFlags.ReadOnly || (flags & OpenFlags.Truncate) != 0)) return -EISDIR;
            int want = access == OpenFlags.ReadOnly ? AccessModes.Read : access == OpenFlags.WriteOnly ? AccessModes.Write
                     : access == OpenFlags.ReadWrite ? AccessModes.Read | AccessModes.Write : 0;
            if (access == 3) return -EINVAL;
            if ((flags & OpenFlags.Truncate) != 0 && access == OpenFlags.ReadOnly) want |= AccessModes.Write;
            return Lookups.MayAccess(in process, found.Mode, found.Uid, found.Gid, want) ? 0 : -EACCES;
        }

        // A file resolved with Keep that VFS did not take after all: the server's hold is dropped
        // when VFS has no vnode of it (else the vnode's own hold stands).
        private static void ReleaseUnheld(in Resolved found)
        {
            if (found.Server != 0 && found.Inode != 0 && Vnodes.Find(found.Server, found.Inode) < 0)
                FileServers.Inode(found.Server, FsRequests.PutNode, found.Inode);
        }
    }
}
