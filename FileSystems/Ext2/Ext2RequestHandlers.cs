using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.FileSystem;
using Lunix.SystemLibrary;

namespace Lunix.FileSystems.Ext2
{
    // VFS's requests (Abi/FsRequests.cs) on the mounted volumes, answered in the same message.
    // An inode number's top bits name its volume (Ext2Volume.InodeBits); the volume does the rest
    // and this file moves bytes: names and paths from VFS's path buffer, file bytes between the
    // block cache and the program's buffer, stat records and directory entries, through the
    // request's grant. Each request stamps the volume with the real time first. A damaged
    // medium's EIO is reported on the console with the volume's Problem and where it lies.
    internal static unsafe class Ext2RequestHandlers
    {
        private const int MaxVolumes = 4;
        private const int DirectoryChunk = 8192;

        private static readonly Ext2Volume[] s_volumes = new Ext2Volume[MaxVolumes];
        private static readonly BlockDeviceDisk[] s_disks = new BlockDeviceDisk[MaxVolumes];
        private static readonly ulong[] s_devices = new ulong[MaxVolumes];
        private static readonly bool[] s_mounted = new bool[MaxVolumes];
        private static readonly byte[] s_path = new byte[FileLimits.PathMax];
        private static readonly byte[] s_name = new byte[FileLimits.PathMax];
        private static readonly byte[] s_records = new byte[DirectoryChunk];
        private static int s_pathGrant = -1;

        public static void Handle(ref Message message)
        {
            FsReply reply = default;
            long now = RealTime.Nanoseconds();
            for (int i = 0; i < MaxVolumes; i++)
                if (s_mounted[i])
                {
                    s_volumes[i].NowSeconds = (uint)(now / (long)ClockPage.NanosecondsPerSecond);
                    s_volumes[i].NowNanoseconds = (uint)(now % (long)ClockPage.NanosecondsPerSecond);
                }
            reply.Result = message.Type switch
            {
                FsRequests.Mount => Mount(in message.Payload<FsMount>(), now, ref reply),
                FsRequests.Unmount => Unmount(message.Payload<FsInode>().Inode),
                FsRequests.Lookup => Lookup(in message.Payload<FsLookup>(), ref reply),
                FsRequests.PutNode => OnVolume(message.Payload<FsInode>().Inode, out Ext2Volume v, out uint n) ? Checked(v, v.PutNode(n)) : -(long)LinuxErrno.EINVAL,
                FsRequests.Sync => Sync(message.Payload<FsInode>().Inode),
                FsRequests.MountPoint => MountPoint(in message.Payload<FsInode>()),
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
                FsRequests.ReleaseGrant => WholeFileGrants.Release((int)message.Payload<FsInode>().Inode),
                _ => -(long)LinuxErrno.ENOSYS,
            };
            message.Payload<FsReply>() = reply;
        }

        // A new volume on the device the request names: its driver opened (for writing too unless
        // read-only), its superblock and groups read, marked in use.
        private static long Mount(in FsMount request, long now, ref FsReply reply)
        {
            s_pathGrant = request.PathGrant;
            int slot = 0;
            while (slot < MaxVolumes && s_mounted[slot]) slot++;
            if (slot == MaxVolumes) return -(long)LinuxErrno.ENOSPC;
            bool readOnly = (request.Flags & FsMountFlags.ReadOnly) != 0;
            s_disks[slot] ??= new BlockDeviceDisk();
            long attached = s_disks[slot].Attach(request.BlockDriver, request.BlockMinor, readOnly);
            if (attached < 0)
            {
                new ConsoleLine(stackalloc char[96]).Append("ext2: cannot open the device: error ").Append((ulong)(-attached)).Print();
                return attached == -(int)Errno.EDEADSRCDST ? -(long)LinuxErrno.ENXIO : attached;
            }
            s_volumes[slot] ??= new Ext2Volume(s_disks[slot], (ulong)(slot + 1) << Ext2Volume.InodeBits);
            Ext2Volume volume = s_volumes[slot];
            volume.NowSeconds = (uint)(now / (long)ClockPage.NanosecondsPerSecond);
            long opened = volume.Open(readOnly);
            if (opened < 0)
            {
                Report(volume);
                s_disks[slot].Detach();
                return opened;
            }
            s_mounted[slot] = true;
            s_devices[slot] = request.Device;
            long described = Describe(volume, Ext2Volume.RootInode, ref reply);
            if (described < 0)
            {
                s_mounted[slot] = false;
                s_disks[slot].Detach();
                return Checked(volume, described);
            }
            reply.Flags |= FsReplyFlags.OnlyVfsChanges;         // only VFS's requests change the volume
            return 0;
        }

        private static long Unmount(ulong inode)
        {
            if (!OnVolume(inode, out Ext2Volume volume, out _) || inode != volume.Root) return -(long)LinuxErrno.EINVAL;
            int slot = SlotOf(inode);
            long flushed = volume.Unmount();
            s_disks[slot].Detach();
            s_mounted[slot] = false;
            return Checked(volume, flushed);
        }

        private static long Sync(ulong inode) => OnVolume(inode, out Ext2Volume volume, out _) ? Checked(volume, volume.Flush()) : -(long)LinuxErrno.EINVAL;

        private static long MountPoint(in FsInode request) =>
            OnVolume(request.Inode, out Ext2Volume volume, out _) ? volume.SetMountPoint(request.Inode, request.Flags != 0) : -(long)LinuxErrno.EINVAL;

        private static long Lookup(in FsLookup request, ref FsReply reply)
        {
            if (!OnVolume(request.Start, out Ext2Volume volume, out _)) return -(long)LinuxErrno.EINVAL;
            Span<byte> path = s_path;
            if ((uint)request.PathLength >= (uint)path.Length) return -(long)LinuxErrno.ENAMETOOLONG;
            if (CopyIn(request.PathOffset, path.Slice(0, request.PathLength)) != 0) return -(long)LinuxErrno.EIO;
            ulong root = volume.Owns(request.Root) ? request.Root : 0;
            PathLookup found = volume.Lookup(path, request.PathLength, request.Start, root, request.Flags, request.Symlinks, request.Uid, request.Gid);
            reply.Symlinks = found.Symlinks;
            if (found.Result == FsLookupStops.Symlink || found.Result == FsLookupStops.EnterMount || found.Result == FsLookupStops.LeaveMount)
            {
                ReadOnlySpan<byte> rest = path.Slice(found.RestStart, found.RestEnd - found.RestStart);
                if (new GrantedSlice<Writable>(BootEndpoints.Vfs, s_pathGrant, (ulong)request.PathOffset, (ulong)rest.Length).CopyFrom(rest) != 0)
                    return -(long)LinuxErrno.EIO;
                reply.RestLength = rest.Length;
                if (found.Result != FsLookupStops.Symlink)
                {
                    long stop = Describe(volume, volume.Local(found.Inode), ref reply);
                    if (stop < 0) return Checked(volume, stop);
                }
                return found.Result;
            }
            if (found.Result < 0) return Checked(volume, found.Result);
            return Checked(volume, Describe(volume, volume.Local(found.Inode), ref reply));
        }

        private static long MakeName(int type, in FsCreate request, ref FsReply reply)
        {
            if (!OnVolume(request.Directory, out Ext2Volume volume, out uint directory)) return -(long)LinuxErrno.EINVAL;
            if ((uint)request.NameLength > FileLimits.NameMax) return -(long)LinuxErrno.ENAMETOOLONG;
            Span<byte> name = s_name.AsSpan(0, request.NameLength);
            if (CopyIn(request.NameOffset, name) != 0) return -(long)LinuxErrno.EIO;
            long made;
            uint existing = 0;
            switch (type)
            {
                case FsRequests.Create:
                    made = volume.Create(directory, name, request.Mode, request.Uid, request.Gid, request.Inode, out existing);
                    break;
                case FsRequests.MakeDirectory:
                    made = volume.MakeDirectory(directory, name, request.Mode, request.Uid, request.Gid);
                    break;
                case FsRequests.Symlink:
                    if ((uint)request.TargetLength >= FileLimits.PathMax) return -(long)LinuxErrno.ENAMETOOLONG;
                    Span<byte> target = s_path.AsSpan(0, request.TargetLength);
                    if (CopyIn(request.TargetOffset, target) != 0) return -(long)LinuxErrno.EIO;
                    made = volume.Symlink(directory, name, target, request.Uid, request.Gid);
                    break;
                default:
                    uint linked = volume.Local(request.Inode);
                    made = linked == 0 ? -(long)LinuxErrno.EXDEV : volume.Link(directory, name, linked, request.Uid, request.Gid);
                    break;
            }
            if (made > 0) return Checked(volume, Describe(volume, (uint)made, ref reply));
            if (made == -(long)LinuxErrno.EEXIST && existing != 0 && (request.Flags & FsCreateFlags.OpenExisting) != 0)
            {
                long described = Describe(volume, existing, ref reply);
                if (described < 0) return Checked(volume, described);
            }
            return Checked(volume, made);
        }

        private static long Unlink(in FsCreate request, ref FsReply reply)
        {
            if (!OnVolume(request.Directory, out Ext2Volume volume, out uint directory)) return -(long)LinuxErrno.EINVAL;
            if ((uint)request.NameLength > FileLimits.NameMax) return -(long)LinuxErrno.ENAMETOOLONG;
            Span<byte> name = s_name.AsSpan(0, request.NameLength);
            if (CopyIn(request.NameOffset, name) != 0) return -(long)LinuxErrno.EIO;
            long result = volume.Unlink(directory, name, (request.Flags & FsCreateFlags.RemoveDirectory) != 0, request.Uid, request.Gid,
                                        out uint removed, out bool orphaned);
            reply.Inode = removed == 0 ? 0 : volume.InodeBase + removed;
            reply.Flags = orphaned ? FsReplyFlags.Orphaned : 0;
            return Checked(volume, result);
        }

        private static long Rename(in FsRename request, ref FsReply reply)
        {
            if (!OnVolume(request.OldDirectory, out Ext2Volume volume, out uint from)) return -(long)LinuxErrno.EINVAL;
            uint to = volume.Local(request.NewDirectory);
            if (to == 0) return -(long)LinuxErrno.EXDEV;
            if ((uint)request.OldLength > FileLimits.NameMax || (uint)request.NewLength > FileLimits.NameMax) return -(long)LinuxErrno.ENAMETOOLONG;
            Span<byte> oldName = s_name.AsSpan(0, request.OldLength);
            Span<byte> newName = s_path.AsSpan(0, request.NewLength);
            if (CopyIn(request.OldOffset, oldName) != 0 || CopyIn(request.NewOffset, newName) != 0) return -(long)LinuxErrno.EIO;
            long result = volume.Rename(from, oldName, to, newName, request.Flags, request.Uid, request.Gid, out uint replaced, out bool orphaned);
            reply.Inode = replaced == 0 ? 0 : volume.InodeBase + replaced;
            reply.Flags = orphaned ? FsReplyFlags.Orphaned : 0;
            return Checked(volume, result);
        }

        private static long Read(in FsData request)
        {
            if (!OnVolume(request.Inode, out Ext2Volume volume, out uint number)) return -(long)LinuxErrno.EINVAL;
            long loaded = volume.LoadInode(number, out Ext2Inode inode);
            if (loaded < 0) return Checked(volume, loaded);
            if (FileModes.IsDirectory(inode.Mode)) return -(long)LinuxErrno.EISDIR;
            ulong done = 0;
            while (done < request.Length)
            {
                long read = volume.ReadRun(ref inode, request.Position + done, request.Length - done, out ReadOnlySpan<byte> run);
                if (read < 0) return done > 0 ? (long)done : Checked(volume, read);
                if (read == 0) break;
                if (new GrantedSlice<Writable>(BootEndpoints.Vfs, request.Grant, done, (ulong)run.Length).CopyFrom(run) != 0)
                    return done > 0 ? (long)done : -(long)LinuxErrno.EFAULT;
                done += (ulong)read;
            }
            return (long)done;
        }

        // The bytes go from the program's buffer straight into the cached blocks; the inode
        // (size, times, new blocks) is written once at the end.
        private static long Write(in FsData request, ref FsReply reply)
        {
            if (!OnVolume(request.Inode, out Ext2Volume volume, out uint number)) return -(long)LinuxErrno.EINVAL;
            long loaded = volume.LoadInode(number, out Ext2Inode inode);
            if (loaded < 0) return Checked(volume, loaded);
            if (!FileModes.IsRegular(inode.Mode)) return -(long)LinuxErrno.EINVAL;
            ulong done = 0;
            long error = 0;
            while (done < request.Length)
            {
                error = volume.WriteRun(ref inode, request.Position + done, request.Length - done, out Span<byte> run);
                if (error < 0) break;
                if (new GrantedSlice<Readable>(BootEndpoints.Vfs, request.Grant, done, (ulong)run.Length).CopyTo(run) != 0)
                {
                    error = -(long)LinuxErrno.EFAULT;
                    break;
                }
                volume.Wrote(ref inode, request.Position + done, (ulong)run.Length);
                done += (ulong)run.Length;
            }
            long written = volume.WriteInode(in inode);
            reply.Size = inode.Size;
            if (written < 0) return Checked(volume, written);
            return done > 0 ? (long)done : Checked(volume, error);
        }

        private static long Truncate(in FsData request, ref FsReply reply)
        {
            if (!OnVolume(request.Inode, out Ext2Volume volume, out uint number)) return -(long)LinuxErrno.EINVAL;
            long loaded = volume.LoadInode(number, out Ext2Inode inode);
            if (loaded < 0) return Checked(volume, loaded);
            if (!FileModes.IsRegular(inode.Mode)) return -(long)LinuxErrno.EINVAL;
            long result = volume.Truncate(ref inode, request.Position);
            reply.Size = inode.Size;
            return Checked(volume, result);
        }

        private static long Stat(in FsData request)
        {
            if (!OnVolume(request.Inode, out Ext2Volume volume, out uint number)) return -(long)LinuxErrno.EINVAL;
            long made = volume.FillStat(number, s_devices[SlotOf(request.Inode)], out LinuxStat stat);
            if (made < 0) return Checked(volume, made);
            if ((request.Flags & FsDataFlags.Statx) == 0) return CopyOut(request.Grant, new ReadOnlySpan<byte>(&stat, LinuxStat.Size));
            LinuxStatx statx = LinuxStatx.From(in stat);
            return CopyOut(request.Grant, new ReadOnlySpan<byte>(&statx, LinuxStatx.Size));
        }

        private static long SetAttributes(in FsAttributes request) =>
            OnVolume(request.Inode, out Ext2Volume volume, out uint number)
                ? Checked(volume, volume.SetAttributes(number, in request, request.CallerUid, request.CallerGid)) : -(long)LinuxErrno.EINVAL;

        private static long StatFs(in FsData request)
        {
            if (!OnVolume(request.Inode, out Ext2Volume volume, out _)) return -(long)LinuxErrno.EINVAL;
            volume.FillStatfs(s_devices[SlotOf(request.Inode)], out LinuxStatfs statfs);
            return CopyOut(request.Grant, new ReadOnlySpan<byte>(&statfs, LinuxStatfs.Size));
        }

        private static long ReadDirectory(in FsData request, ref FsReply reply)
        {
            if (!OnVolume(request.Inode, out Ext2Volume volume, out uint number)) return -(long)LinuxErrno.EINVAL;
            ulong position = request.Position;
            Span<byte> records = s_records.AsSpan(0, (int)Math.Min(request.Length, (ulong)s_records.Length));
            long written = volume.ReadDirectory(number, ref position, records);
            if (written <= 0) return Checked(volume, written);
            long copied = CopyOut(request.Grant, records.Slice(0, (int)written));
            if (copied != 0) return copied;
            reply.Size = position;
            return written;
        }

        private static long ReadLink(in FsData request)
        {
            if (!OnVolume(request.Inode, out Ext2Volume volume, out uint number)) return -(long)LinuxErrno.EINVAL;
            long loaded = volume.LoadInode(number, out Ext2Inode inode);
            if (loaded < 0) return Checked(volume, loaded);
            long length = volume.ReadLink(ref inode, out ReadOnlySpan<byte> target);
            if (length < 0) return Checked(volume, length);
            target = target.Slice(0, (int)Math.Min((ulong)target.Length, request.Length));
            long copied = CopyOut(request.Grant, target);
            return copied != 0 ? copied : target.Length;
        }

        // EXEC's read grant of a whole file in one piece (the file-system library's WholeFileGrants).
        private static long GrantFile(in FsData request, ref FsReply reply)
        {
            if (!OnVolume(request.Inode, out Ext2Volume volume, out uint number)) return -(long)LinuxErrno.EINVAL;
            var file = new Ext2FileRuns(volume);
            long loaded = volume.LoadInode(number, out file.Inode);
            if (loaded < 0) return Checked(volume, loaded);
            if (!FileModes.IsRegular(file.Inode.Mode)) return -(long)LinuxErrno.ENOEXEC;
            long granted = WholeFileGrants.Grant(ref file, file.Inode.Size, (int)request.Position, out int grant);
            if (granted < 0) return Checked(volume, granted);
            reply.Inode = (ulong)grant;
            return granted;
        }

        private struct Ext2FileRuns(Ext2Volume volume) : IFileRuns
        {
            public Ext2Inode Inode;

            public long ReadRun(ulong position, ulong length, out ReadOnlySpan<byte> run) => volume.ReadRun(ref Inode, position, length, out run);
        }

        // The mounted volume an inode number belongs to, or -1.
        private static int SlotOf(ulong inode)
        {
            int slot = (int)(inode >> Ext2Volume.InodeBits) - 1;
            return (uint)slot < MaxVolumes && s_mounted[slot] && s_volumes[slot].Owns(inode) ? slot : -1;
        }

        private static bool OnVolume(ulong inode, out Ext2Volume volume, out uint number)
        {
            int slot = SlotOf(inode);
            volume = slot < 0 ? null : s_volumes[slot];
            number = slot < 0 ? 0 : volume.Local(inode);
            return slot >= 0;
        }

        private static long Describe(Ext2Volume volume, uint number, ref FsReply reply)
        {
            long loaded = volume.LoadInode(number, out Ext2Inode inode);
            if (loaded < 0) return loaded;
            reply.Inode = volume.InodeBase + number;
            reply.Mode = inode.Mode;
            reply.Size = inode.Size;
            reply.Uid = inode.Uid;
            reply.Gid = inode.Gid;
            reply.SpecialDevice = Ext2Volume.DeviceOf(in inode);
            if (volume.IsMountPoint(reply.Inode)) reply.Flags |= FsReplyFlags.MountPoint;
            return 0;
        }

        // A result passed on; a damaged medium's EIO reported with what the volume found wrong.
        // Whether a mounted volume has changes not yet on its device.
        public static bool AnyChangesWaiting()
        {
            for (int i = 0; i < MaxVolumes; i++)
                if (s_mounted[i] && s_volumes[i].ChangesWaiting) return true;
            return false;
        }

        // The periodic write-back: every mounted volume flushed; a device's error is reported as
        // a sync's would be (the changes stay dirty for the next try).
        public static void WriteBackAll()
        {
            for (int i = 0; i < MaxVolumes; i++)
                if (s_mounted[i] && s_volumes[i].ChangesWaiting) Checked(s_volumes[i], s_volumes[i].Flush());
        }

        private static long Checked(Ext2Volume volume, long result)
        {
            if (result == -(long)LinuxErrno.EIO) Report(volume);
            return result;
        }

        private static void Report(Ext2Volume volume)
        {
            if (volume.Problem == null) return;
            new ConsoleLine(stackalloc char[160]).Append("ext2: ").Append(volume.Problem).Append(" (block or inode ").Append(volume.ProblemAt).Append(")").Print();
        }

        private static int CopyIn(int offset, Span<byte> into) =>
            new GrantedSlice<Readable>(BootEndpoints.Vfs, s_pathGrant, (ulong)offset, (ulong)into.Length).CopyTo(into);

        private static long CopyOut(int grant, ReadOnlySpan<byte> bytes) =>
            new GrantedSlice<Writable>(BootEndpoints.Vfs, grant, 0, (ulong)bytes.Length).CopyFrom(bytes) == 0 ? 0 : -(long)LinuxErrno.EFAULT;
    }
}
