using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.ProcFs
{
    // VFS's requests (Abi/FsRequests.cs) on /proc, answered at once in the same message. /proc
    // is read-only: whatever would change it is refused as Linux refuses it (no such name to
    // make, EPERM to change). Texts go to the program's buffer through VFS's magic grant.
    public static unsafe class ProcRequests
    {
        private const uint ProcSuperMagic = 0x9FA0;
        private const int TextBytes = 64 * 1024;

        private static ulong s_device;
        private static int s_pathGrant = -1;
        private static bool s_mounted;
        private static readonly byte[] s_path = new byte[FileLimits.PathMax];
        private static readonly byte[] s_scratch = new byte[FileLimits.PathMax];
        private static readonly byte[] s_text = new byte[TextBytes];
        private static readonly byte[] s_records = new byte[8192];
        private static readonly ushort[] s_descriptors = new ushort[ProcView.DescriptorsPerProcess];

        public static void Handle(ref Message message)
        {
            VfsView.Stale();
            FsReply reply = default;
            reply.Result = message.Type switch
            {
                FsRequests.Mount => Mount(in message.Payload<FsMount>(), ref reply),
                FsRequests.Unmount => Unmount(),
                FsRequests.Lookup => Lookup(in message.Payload<FsLookup>(), ref reply),
                FsRequests.PutNode or FsRequests.MountPoint or FsRequests.Sync => 0,
                FsRequests.Create or FsRequests.MakeDirectory or FsRequests.Symlink or FsRequests.Link => Make(in message.Payload<FsCreate>(), ref reply),
                FsRequests.Unlink or FsRequests.Rename or FsRequests.SetAttributes or FsRequests.Truncate => -(long)LinuxErrno.EPERM,
                FsRequests.Write or FsRequests.GrantFile => -(long)LinuxErrno.EACCES,
                FsRequests.Read => Read(in message.Payload<FsData>()),
                FsRequests.Stat => Stat(in message.Payload<FsData>()),
                FsRequests.ReadDirectory => ReadDirectory(in message.Payload<FsData>(), ref reply),
                FsRequests.ReadLink => ReadLink(in message.Payload<FsData>()),
                FsRequests.StatFs => StatFs(in message.Payload<FsData>()),
                _ => -(long)LinuxErrno.ENOSYS,
            };
            message.Payload<FsReply>() = reply;
        }

        private static long Mount(in FsMount request, ref FsReply reply)
        {
            if (s_mounted) return -(long)LinuxErrno.EBUSY;          // one /proc: it has nothing of its own to show twice
            s_mounted = true;
            s_device = request.Device;
            s_pathGrant = request.PathGrant;
            VfsView.Mounted(in request);
            Describe(ProcTree.RootInode, ref reply);
            return 0;
        }

        private static long Unmount()
        {
            s_mounted = false;
            return 0;
        }

        private static long Lookup(in FsLookup request, ref FsReply reply)
        {
            if ((uint)request.PathLength >= FileLimits.PathMax) return -(long)LinuxErrno.ENAMETOOLONG;
            Span<byte> path = s_path;
            if (new GrantedSlice<Readable>(BootEndpoints.Vfs, s_pathGrant, (ulong)request.PathOffset, (ulong)request.PathLength)
                    .CopyTo(path.Slice(0, request.PathLength)) != 0) return -(long)LinuxErrno.EIO;
            if (!ProcTree.Exists(request.Start) && request.Start != ProcTree.RootInode) return -(long)LinuxErrno.ENOENT;
            int callerPid = 0;
            int caller = ProcessTable.FindEndpoint(request.Caller);
            if (caller >= 0) callerPid = ProcessTable.At(caller).Pid;
            ProcTree.Walk walk = ProcTree.Lookup(path, request.PathLength, s_scratch, request.Start, request.Flags, request.Symlinks, callerPid);
            reply.Symlinks = walk.Symlinks;
            if (walk.Result == FsLookupStops.Symlink || walk.Result == FsLookupStops.LeaveMount)
            {
                if (new GrantedSlice<Writable>(BootEndpoints.Vfs, s_pathGrant, (ulong)request.PathOffset, (ulong)walk.RestLength)
                        .CopyFrom(path.Slice(0, walk.RestLength)) != 0) return -(long)LinuxErrno.EIO;
                reply.RestLength = walk.RestLength;
                if (walk.Result == FsLookupStops.LeaveMount) Describe(walk.Inode, ref reply);
                return walk.Result;
            }
            if (walk.Result == 0) Describe(walk.Inode, ref reply);
            return walk.Result;
        }

        // Nothing new is made in /proc: EEXIST for a name that is there (with its details, so that
        // open(O_CREAT) opens it), else ENOENT, as Linux's.
        private static long Make(in FsCreate request, ref FsReply reply)
        {
            if ((uint)request.NameLength > FileLimits.NameMax) return -(long)LinuxErrno.ENAMETOOLONG;
            Span<byte> name = s_scratch.AsSpan(0, request.NameLength);
            if (new GrantedSlice<Readable>(BootEndpoints.Vfs, s_pathGrant, (ulong)request.NameOffset, (ulong)request.NameLength).CopyTo(name) != 0)
                return -(long)LinuxErrno.EIO;
            ulong found = ProcTree.Find(request.Directory, name, 0);
            if (found == 0) return -(long)LinuxErrno.ENOENT;
            Describe(found, ref reply);
            return -(long)LinuxErrno.EEXIST;
        }

        private static long Read(in FsData request)
        {
            int kind = ProcInodes.Kind(request.Inode);
            if (!ProcTree.Exists(request.Inode)) return -(long)LinuxErrno.ESRCH;
            if (ProcInodes.IsDirectory(kind)) return -(long)LinuxErrno.EISDIR;
            var text = new ProcText(s_text);
            ProcFiles.Write(request.Inode, ref text);
            if (request.Position >= (ulong)text.Length) return 0;
            int count = (int)Math.Min(request.Length, (ulong)text.Length - request.Position);
            return CopyOut(request.Grant, text.Written.Slice((int)request.Position, count)) == 0 ? count : -(long)LinuxErrno.EFAULT;
        }

        private static long Stat(in FsData request)
        {
            if (!ProcTree.Exists(request.Inode) && request.Inode != ProcTree.RootInode) return -(long)LinuxErrno.ENOENT;
            LinuxStat stat = default;
            int kind = ProcInodes.Kind(request.Inode);
            stat.Device = s_device;
            stat.Inode = request.Inode;
            stat.Mode = ProcInodes.Mode(kind);
            stat.LinkCount = ProcInodes.IsDirectory(kind) ? 2UL : 1UL;
            Owner(request.Inode, out stat.Uid, out stat.Gid);
            stat.BlockSize = 1024;
            if ((request.Flags & FsDataFlags.Statx) == 0) return CopyOut(request.Grant, new ReadOnlySpan<byte>(&stat, LinuxStat.Size));
            LinuxStatx statx = LinuxStatx.From(in stat);
            return CopyOut(request.Grant, new ReadOnlySpan<byte>(&statx, LinuxStatx.Size));
        }

        private static long StatFs(in FsData request)
        {
            LinuxStatfs statfs = default;
            statfs.Type = ProcSuperMagic;
            statfs.BlockSize = statfs.FragmentSize = 4096;
            statfs.FsId0 = (int)s_device;
            statfs.NameLength = FileLimits.NameMax;
            return CopyOut(request.Grant, new ReadOnlySpan<byte>(&statfs, LinuxStatfs.Size));
        }

        private static long ReadLink(in FsData request)
        {
            if (!ProcInodes.IsLink(ProcInodes.Kind(request.Inode))) return -(long)LinuxErrno.EINVAL;
            if (!ProcTree.Exists(request.Inode)) return -(long)LinuxErrno.ENOENT;
            int length = ProcTree.LinkTarget(request.Inode, s_scratch);
            if (length < 0) return length;
            int count = (int)Math.Min(request.Length, (ulong)length);
            return CopyOut(request.Grant, s_scratch.AsSpan(0, count)) == 0 ? count : -(long)LinuxErrno.EFAULT;
        }

        private static long ReadDirectory(in FsData request, ref FsReply reply)
        {
            ulong directory = request.Inode;
            if (!ProcInodes.IsDirectory(ProcInodes.Kind(directory))) return -(long)LinuxErrno.ENOTDIR;
            if (directory != ProcTree.RootInode && !ProcTree.Exists(directory)) return -(long)LinuxErrno.ENOENT;
            Span<ushort> descriptors = s_descriptors;
            descriptors.Clear();
            if (ProcInodes.Kind(directory) == ProcInodes.ProcessFdDirectory)
            {
                int process = ProcessTable.FindPid(ProcInodes.Pid(directory));
                int record = process < 0 ? -1 : VfsView.RecordOf(ProcessTable.At(process).Endpoint);
                if (record >= 0) VfsView.Descriptors(record, descriptors);
            }
            Span<byte> records = s_records.AsSpan(0, (int)Math.Min(request.Length, (ulong)s_records.Length));
            Span<byte> name = stackalloc byte[32];
            int written = 0;
            int index = (int)Math.Min(request.Position, int.MaxValue);
            while (ProcTree.Entry(directory, index, name, out int nameLength, out ulong inode, out int next, descriptors))
            {
                int size = LinuxDirent64.RecordFor(nameLength);
                if (written + size > records.Length)
                {
                    if (written == 0) return -(long)LinuxErrno.EINVAL;
                    break;
                }
                Span<byte> entry = records.Slice(written, size);
                entry.Clear();
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(entry, inode);
                System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(entry.Slice(8), next);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(entry.Slice(16), (ushort)size);
                uint mode = ProcInodes.Mode(ProcInodes.Kind(inode));
                entry[18] = ProcInodes.IsDirectory(ProcInodes.Kind(inode)) ? DirentTypes.Directory
                          : ProcInodes.IsLink(ProcInodes.Kind(inode)) ? DirentTypes.Symlink : DirentTypes.Regular;
                name.Slice(0, nameLength).CopyTo(entry.Slice(LinuxDirent64.HeaderSize));
                written += size;
                index = next;
            }
            if (written > 0 && CopyOut(request.Grant, records.Slice(0, written)) != 0) return -(long)LinuxErrno.EFAULT;
            reply.Size = (ulong)index;
            return written;
        }

        // A process's files belong to it (its uid and gid); the rest to root.
        private static void Owner(ulong inode, out uint uid, out uint gid)
        {
            uid = gid = 0;
            int process = ProcessTable.FindPid(ProcInodes.Pid(inode));
            if (process < 0) return;
            uid = ProcessTable.At(process).Uid;
            gid = ProcessTable.At(process).Gid;
        }

        private static void Describe(ulong inode, ref FsReply reply)
        {
            int kind = ProcInodes.Kind(inode);
            reply.Inode = inode;
            reply.Mode = ProcInodes.Mode(kind);
            reply.Size = 0;
            Owner(inode, out reply.Uid, out reply.Gid);
        }

        private static int CopyOut(int grant, ReadOnlySpan<byte> bytes) =>
            new GrantedSlice<Writable>(BootEndpoints.Vfs, grant, 0, (ulong)bytes.Length).CopyFrom(bytes);
    }
}
