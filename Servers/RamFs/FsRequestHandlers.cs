using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.RamFs
{
    // VFS's requests (Abi/FsRequests.cs) taken apart, done on the RamFileSystem, and answered in
    // the same message (an FsReply). Names and paths come from VFS's path buffer, through the
    // grant it gave at its first Mount; file data, stat records and directory entries go straight
    // to or from the program's buffer through the grant in the request.
    internal static unsafe class FsRequestHandlers
    {
        private const int DirectoryChunk = 8192;            // getdents64's records made per request

        private static RamFileSystem s_fs;
        private static ulong s_rootArchive, s_initrdArchive;
        private static int s_rootLength, s_initrdLength;
        private static int s_pathGrant = -1;
        private static readonly byte[] s_path = new byte[FileLimits.PathMax];
        private static readonly byte[] s_name = new byte[FileLimits.PathMax];
        private static readonly byte[] s_records = new byte[DirectoryChunk];

        public static void Start(RamFileSystem fs, ReadOnlySpan<byte> rootArchive, ReadOnlySpan<byte> initrdArchive)
        {
            s_fs = fs;
            fixed (byte* root = rootArchive) s_rootArchive = (ulong)root;
            fixed (byte* initrd = initrdArchive) s_initrdArchive = (ulong)initrd;
            s_rootLength = rootArchive.Length;
            s_initrdLength = initrdArchive.Length;
        }

        public static void Handle(ref Message message)
        {
            FsReply reply = default;
            reply.Result = message.Type switch
            {
                FsRequests.Mount => Mount(in message.Payload<FsMount>(), ref reply),
                FsRequests.Unmount => s_fs.Unmount(message.Payload<FsInode>().Inode),
                FsRequests.Lookup => Lookup(in message.Payload<FsLookup>(), ref reply),
                FsRequests.PutNode => s_fs.PutNode(message.Payload<FsInode>().Inode),
                FsRequests.MountPoint => s_fs.SetMountPoint(message.Payload<FsInode>().Inode, message.Payload<FsInode>().Flags != 0),
                FsRequests.Sync => 0,
                FsRequests.Create or FsRequests.MakeDirectory or FsRequests.Symlink or FsRequests.Link
                    => MakeName(message.Type, in message.Payload<FsCreate>(), ref reply),
                FsRequests.Unlink => Unlink(in message.Payload<FsCreate>(), ref reply),
                FsRequests.Rename => Rename(in message.Payload<FsRename>(), ref reply),
                FsRequests.Read => Read(in message.Payload<FsData>()),
                FsRequests.Write => Write(in message.Payload<FsData>(), ref reply),
                FsRequests.Truncate => Truncate(in message.Payload<FsData>(), ref reply),
                FsRequests.Stat => Stat(in message.Payload<FsData>()),
                FsRequests.SetAttributes => SetAttributes(in message.Payload<FsAttributes>()),
                FsRequests.ReadDirectory => ReadDirectory(in message.Payload<FsData>(), ref reply),
                FsRequests.ReadLink => ReadLink(in message.Payload<FsData>()),
                FsRequests.StatFs => StatFs(in message.Payload<FsData>()),
                FsRequests.GrantFile => GrantFile(in message.Payload<FsData>(), ref reply),
                FsRequests.ReleaseGrant => ReleaseGrant(message.Payload<FsInode>().Inode),
                _ => -(long)LinuxErrno.ENOSYS,
            };
            message.Payload<FsReply>() = reply;
        }

        private static long Mount(in FsMount request, ref FsReply reply)
        {
            s_pathGrant = request.PathGrant;
            FileTime now = FileClock.Now();
            long root = s_fs.Mount(request.Device, (request.Flags & FsMountFlags.ReadOnly) != 0, now);
            if (root < 0) return root;
            if ((request.Flags & FsMountFlags.BootArchives) != 0)
            {
                Unpack("root", s_rootArchive, s_rootLength, (uint)root, now);
                Unpack("initrd", s_initrdArchive, s_initrdLength, (uint)root, now);
            }
            Describe((uint)root, ref reply);
            reply.Flags |= FsReplyFlags.OnlyVfsChanges;         // VFS may cache its names and inodes
            return 0;
        }

        private static void Unpack(string name, ulong archive, int length, uint root, in FileTime now)
        {
            if (length == 0) return;
            s_fs.Unpack(new ReadOnlySpan<byte>((void*)archive, length), root, now, out int failed);
            if (failed > 0)
                new ConsoleLine(stackalloc char[96]).Append("ramfs: ").Append(failed == 1 ? "1 entry" : "entries").Append(" of the ")
                    .Append(name).Append(" archive could not be unpacked: ").Append((ulong)failed).Print();
        }

        private static long Lookup(in FsLookup request, ref FsReply reply)
        {
            Span<byte> path = s_path;
            if ((uint)request.PathLength >= (uint)path.Length) return -(long)LinuxErrno.ENAMETOOLONG;
            if (CopyIn(request.PathOffset, path.Slice(0, request.PathLength)) != 0) return -(long)LinuxErrno.EIO;
            LookupResult found = s_fs.Lookup(path, request.PathLength, request.Start, request.Root, request.Flags, request.Symlinks, request.Uid, request.Gid);
            reply.Symlinks = found.Symlinks;
            if (found.Result == FsLookupStops.Symlink || found.Result == FsLookupStops.EnterMount || found.Result == FsLookupStops.LeaveMount)
            {
                // The rest of the path goes back to VFS, to go on in another file system.
                ReadOnlySpan<byte> rest = path.Slice(found.RestStart, found.RestEnd - found.RestStart);
                if (new GrantedSlice<Writable>(BootEndpoints.Vfs, s_pathGrant, (ulong)request.PathOffset, (ulong)rest.Length).CopyFrom(rest) != 0)
                    return -(long)LinuxErrno.EIO;
                reply.RestLength = rest.Length;
                if (found.Result != FsLookupStops.Symlink) Describe(found.Inode, ref reply);
                return found.Result;
            }
            if (found.Result == 0) Describe(found.Inode, ref reply);
            return found.Result;
        }

        private static long MakeName(int type, in FsCreate request, ref FsReply reply)
        {
            if ((uint)request.NameLength > FileLimits.NameMax) return -(long)LinuxErrno.ENAMETOOLONG;
            Span<byte> name = s_name.AsSpan(0, request.NameLength);
            if (CopyIn(request.NameOffset, name) != 0) return -(long)LinuxErrno.EIO;
            FileTime now = FileClock.Now();
            long made;
            uint existing = 0;
            switch (type)
            {
                case FsRequests.Create:
                    made = s_fs.Create(request.Directory, name, request.Mode, request.Uid, request.Gid, request.Inode, request.Flags, now, out existing);
                    break;
                case FsRequests.MakeDirectory:
                    made = s_fs.MakeDirectory(request.Directory, name, request.Mode, request.Uid, request.Gid, now);
                    break;
                case FsRequests.Symlink:
                    if ((uint)request.TargetLength >= FileLimits.PathMax) return -(long)LinuxErrno.ENAMETOOLONG;
                    Span<byte> target = s_path.AsSpan(0, request.TargetLength);
                    if (CopyIn(request.TargetOffset, target) != 0) return -(long)LinuxErrno.EIO;
                    made = s_fs.Symlink(request.Directory, name, target, request.Uid, request.Gid, now);
                    break;
                default:
                    made = s_fs.Link(request.Directory, name, request.Inode, request.Uid, request.Gid, now);
                    break;
            }
            if (made > 0)
            {
                s_fs.Inodes[(uint)made].Held = true;
                Describe((uint)made, ref reply);
                return 0;
            }
            if (made == -(long)LinuxErrno.EEXIST && existing != 0 && (request.Flags & FsCreateFlags.OpenExisting) != 0)
            {
                s_fs.Inodes[existing].Held = true;
                Describe(existing, ref reply);
            }
            return made;
        }

        private static long Unlink(in FsCreate request, ref FsReply reply)
        {
            if ((uint)request.NameLength > FileLimits.NameMax) return -(long)LinuxErrno.ENAMETOOLONG;
            Span<byte> name = s_name.AsSpan(0, request.NameLength);
            if (CopyIn(request.NameOffset, name) != 0) return -(long)LinuxErrno.EIO;
            long result = s_fs.Unlink(request.Directory, name, request.Flags, request.Uid, request.Gid, FileClock.Now(), out uint removed, out bool orphaned);
            reply.Inode = removed;
            reply.Flags = orphaned ? FsReplyFlags.Orphaned : 0;
            return result;
        }

        private static long Rename(in FsRename request, ref FsReply reply)
        {
            if ((uint)request.OldLength > FileLimits.NameMax || (uint)request.NewLength > FileLimits.NameMax) return -(long)LinuxErrno.ENAMETOOLONG;
            Span<byte> oldName = s_name.AsSpan(0, request.OldLength);
            Span<byte> newName = s_path.AsSpan(0, request.NewLength);
            if (CopyIn(request.OldOffset, oldName) != 0 || CopyIn(request.NewOffset, newName) != 0) return -(long)LinuxErrno.EIO;
            long result = s_fs.Rename(request.OldDirectory, oldName, request.NewDirectory, newName, request.Flags, request.Uid, request.Gid, FileClock.Now(),
                                      out uint replaced, out bool orphaned);
            reply.Inode = replaced;
            reply.Flags = orphaned ? FsReplyFlags.Orphaned : 0;
            return result;
        }

        private static long Read(in FsData request)
        {
            if (!s_fs.Inodes.IsValid(request.Inode)) return -(long)LinuxErrno.EIO;
            ref Inode inode = ref s_fs.Inodes[(uint)request.Inode];
            ulong done = 0;
            while (done < request.Length)
            {
                ReadOnlySpan<byte> run = s_fs.Data.ReadRun(ref inode, request.Position + done, request.Length - done);
                if (run.IsEmpty) break;
                if (new GrantedSlice<Writable>(BootEndpoints.Vfs, request.Grant, done, (ulong)run.Length).CopyFrom(run) != 0)
                    return done > 0 ? (long)done : -(long)LinuxErrno.EFAULT;
                done += (ulong)run.Length;
            }
            return (long)done;
        }

        private static long Write(in FsData request, ref FsReply reply)
        {
            if (!s_fs.Inodes.IsValid(request.Inode)) return -(long)LinuxErrno.EIO;
            ref Inode inode = ref s_fs.Inodes[(uint)request.Inode];
            ulong done = 0;
            long error = 0;
            while (done < request.Length)
            {
                error = s_fs.Data.WriteRun(ref inode, request.Position + done, request.Length - done, out Span<byte> run);
                if (error != 0) break;
                if (new GrantedSlice<Readable>(BootEndpoints.Vfs, request.Grant, done, (ulong)run.Length).CopyTo(run) != 0)
                {
                    s_fs.Data.Truncate(ref inode, inode.Size);          // what the failed copy left past the end goes
                    error = -(long)LinuxErrno.EFAULT;
                    break;
                }
                FileData.Wrote(ref inode, request.Position + done, (ulong)run.Length);
                done += (ulong)run.Length;
            }
            if (done > 0) RamFileSystem.Modified(ref inode, FileClock.Now());
            reply.Size = inode.Size;
            return done > 0 ? (long)done : error;
        }

        private static long Truncate(in FsData request, ref FsReply reply)
        {
            if (!s_fs.Inodes.IsValid(request.Inode)) return -(long)LinuxErrno.EIO;
            ref Inode inode = ref s_fs.Inodes[(uint)request.Inode];
            if (!FileModes.IsRegular(inode.Mode)) return -(long)LinuxErrno.EINVAL;
            long result = s_fs.Data.Truncate(ref inode, request.Position);
            if (result == 0) RamFileSystem.Modified(ref inode, FileClock.Now());
            reply.Size = inode.Size;
            return result;
        }

        private static long Stat(in FsData request)
        {
            if (!s_fs.Inodes.IsValid(request.Inode)) return -(long)LinuxErrno.EIO;
            if ((request.Flags & FsDataFlags.Statx) != 0)
            {
                s_fs.FillStatx((uint)request.Inode, out LinuxStatx statx);
                return CopyOut(request.Grant, new ReadOnlySpan<byte>(&statx, LinuxStatx.Size));
            }
            s_fs.FillStat((uint)request.Inode, out LinuxStat stat);
            return CopyOut(request.Grant, new ReadOnlySpan<byte>(&stat, LinuxStat.Size));
        }

        private static long StatFs(in FsData request)
        {
            if (!s_fs.Inodes.IsValid(request.Inode)) return -(long)LinuxErrno.EIO;
            s_fs.FillStatfs((uint)request.Inode, out LinuxStatfs statfs);
            return CopyOut(request.Grant, new ReadOnlySpan<byte>(&statfs, LinuxStatfs.Size));
        }

        private static long SetAttributes(in FsAttributes request) =>
            s_fs.SetAttributes(request.Inode, request, request.CallerUid, request.CallerGid, FileClock.Now());

        private static long ReadDirectory(in FsData request, ref FsReply reply)
        {
            ulong position = request.Position;
            Span<byte> records = s_records.AsSpan(0, (int)Math.Min(request.Length, (ulong)s_records.Length));
            long written = s_fs.ReadDirectory(request.Inode, ref position, records);
            if (written <= 0) return written;
            long copied = CopyOut(request.Grant, records.Slice(0, (int)written));
            if (copied != 0) return copied;
            reply.Size = position;
            return written;
        }

        private static long ReadLink(in FsData request)
        {
            if (!s_fs.Inodes.IsValid(request.Inode)) return -(long)LinuxErrno.EIO;
            ref Inode inode = ref s_fs.Inodes[(uint)request.Inode];
            if (!FileModes.IsSymlink(inode.Mode)) return -(long)LinuxErrno.EINVAL;
            ulong length = Math.Min(request.Length, inode.Size);
            ReadOnlySpan<byte> run = s_fs.Data.ReadRun(ref inode, 0, length);
            long copied = CopyOut(request.Grant, run);
            return copied != 0 ? copied : run.Length;
        }

        // A read grant of the whole file, in one piece, to Position's endpoint (PM, for EXEC).
        private static long GrantFile(in FsData request, ref FsReply reply)
        {
            if (!s_fs.Inodes.IsValid(request.Inode)) return -(long)LinuxErrno.EIO;
            ref Inode inode = ref s_fs.Inodes[(uint)request.Inode];
            if (!s_fs.Data.Contiguous(ref inode, out ReadOnlySpan<byte> bytes)) return -(long)LinuxErrno.ENOMEM;
            int grant = GrantTable.GrantReadable((int)request.Position, bytes);
            if (grant < 0) return -(long)LinuxErrno.ENOMEM;
            reply.Inode = (ulong)grant;
            return bytes.Length;
        }

        private static long ReleaseGrant(ulong grant)
        {
            GrantTable.Revoke((int)grant);
            return 0;
        }

        // The inode's details in a reply.
        private static void Describe(uint number, ref FsReply reply)
        {
            ref Inode inode = ref s_fs.Inodes[number];
            reply.Inode = number;
            reply.Mode = inode.Mode;
            reply.Size = inode.Size;
            reply.Uid = inode.Uid;
            reply.Gid = inode.Gid;
            reply.SpecialDevice = inode.SpecialDevice;
            if (inode.MountPoint) reply.Flags |= FsReplyFlags.MountPoint;
        }

        private static int CopyIn(int offset, Span<byte> into) =>
            new GrantedSlice<Readable>(BootEndpoints.Vfs, s_pathGrant, (ulong)offset, (ulong)into.Length).CopyTo(into);

        private static long CopyOut(int grant, ReadOnlySpan<byte> bytes) =>
            new GrantedSlice<Writable>(BootEndpoints.Vfs, grant, 0, (ulong)bytes.Length).CopyFrom(bytes) == 0 ? 0 : -(long)LinuxErrno.EFAULT;
    }
}
