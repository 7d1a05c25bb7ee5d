using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.FileSystem;
using Lunix.SystemLibrary;

namespace Lunix.FileSystems.Iso9660
{
    // VFS's requests (Abi/FsRequests.cs) on the mounted volumes, answered in the same message.
    // An inode number's top bits name its volume (IsoVolume.InodeBits); the volume does the rest
    // and this file moves bytes: paths from VFS's path buffer, file bytes, stat records and
    // directory entries to the program's buffer through the request's grant. Everything that
    // would change a volume is EROFS. A damaged medium's EIO is reported on the console with the
    // volume's Problem and where it lies.
    internal static unsafe class IsoRequestHandlers
    {
        private const int MaxVolumes = 8;
        private const int DirectoryChunk = 8192;

        private static readonly IsoVolume[] s_volumes = new IsoVolume[MaxVolumes];
        private static readonly BlockDeviceMedium[] s_media = new BlockDeviceMedium[MaxVolumes];
        private static readonly ulong[] s_devices = new ulong[MaxVolumes];
        private static readonly bool[] s_mounted = new bool[MaxVolumes];
        private static readonly byte[] s_path = new byte[FileLimits.PathMax];
        private static readonly byte[] s_records = new byte[DirectoryChunk];
        private static int s_pathGrant = -1;

        public static void Handle(ref Message message)
        {
            FsReply reply = default;
            reply.Result = message.Type switch
            {
                FsRequests.Mount => Mount(in message.Payload<FsMount>(), ref reply),
                FsRequests.Unmount => Unmount(message.Payload<FsInode>().Inode),
                FsRequests.Lookup => Lookup(in message.Payload<FsLookup>(), ref reply),
                FsRequests.PutNode or FsRequests.Sync => 0,
                FsRequests.MountPoint => MountPoint(in message.Payload<FsInode>()),
                FsRequests.Read => Read(in message.Payload<FsData>()),
                FsRequests.Stat => Stat(in message.Payload<FsData>()),
                FsRequests.ReadDirectory => ReadDirectory(in message.Payload<FsData>(), ref reply),
                FsRequests.ReadLink => ReadLink(in message.Payload<FsData>()),
                FsRequests.StatFs => StatFs(in message.Payload<FsData>()),
                FsRequests.GrantFile => GrantFile(in message.Payload<FsData>(), ref reply),
                FsRequests.ReleaseGrant => WholeFileGrants.Release((int)message.Payload<FsInode>().Inode),
                FsRequests.Create or FsRequests.MakeDirectory or FsRequests.Symlink or FsRequests.Link or FsRequests.Unlink
                    or FsRequests.Rename or FsRequests.Write or FsRequests.Truncate or FsRequests.SetAttributes => -(long)LinuxErrno.EROFS,
                _ => -(long)LinuxErrno.ENOSYS,
            };
            message.Payload<FsReply>() = reply;
        }

        // A new volume on the device the request names: its driver opened, its descriptors read.
        private static long Mount(in FsMount request, ref FsReply reply)
        {
            s_pathGrant = request.PathGrant;
            int slot = 0;
            while (slot < MaxVolumes && s_mounted[slot]) slot++;
            if (slot == MaxVolumes) return -(long)LinuxErrno.ENOSPC;
            s_media[slot] ??= new BlockDeviceMedium();
            long attached = s_media[slot].Attach(request.BlockDriver, request.BlockMinor);
            if (attached < 0)
            {
                new ConsoleLine(stackalloc char[96]).Append("iso9660: cannot open the device: error ").Append((ulong)(-attached)).Print();
                return attached == -(int)Errno.EDEADSRCDST ? -(long)LinuxErrno.ENXIO : attached;      // no driver there
            }
            s_volumes[slot] ??= new IsoVolume(s_media[slot], (ulong)(slot + 1) << IsoVolume.InodeBits);
            IsoVolume volume = s_volumes[slot];
            long opened = volume.Open();
            if (opened < 0)
            {
                Report(volume);
                s_media[slot].Detach();
                return opened;
            }
            s_mounted[slot] = true;
            s_devices[slot] = request.Device;
            long root = volume.Attributes(volume.Root, out IsoEntry entry);
            if (root < 0) return Failed(volume, root);
            Describe(volume, in entry, ref reply);
            reply.Flags |= FsReplyFlags.OnlyVfsChanges;         // a read-only volume never changes by itself
            return 0;
        }

        private static long Unmount(ulong inode)
        {
            int slot = SlotOf(inode);
            if (slot < 0 || inode != s_volumes[slot].Root) return -(long)LinuxErrno.EINVAL;
            s_media[slot].Detach();
            s_mounted[slot] = false;
            return 0;
        }

        private static long MountPoint(in FsInode request)
        {
            int slot = SlotOf(request.Inode);
            return slot < 0 ? -(long)LinuxErrno.EINVAL : s_volumes[slot].SetMountPoint(request.Inode, request.Flags != 0);
        }

        private static long Lookup(in FsLookup request, ref FsReply reply)
        {
            int slot = SlotOf(request.Start);
            if (slot < 0) return -(long)LinuxErrno.EINVAL;
            IsoVolume volume = s_volumes[slot];
            Span<byte> path = s_path;
            if ((uint)request.PathLength >= (uint)path.Length) return -(long)LinuxErrno.ENAMETOOLONG;
            if (new GrantedSlice<Readable>(BootEndpoints.Vfs, s_pathGrant, (ulong)request.PathOffset, (ulong)request.PathLength).CopyTo(path) != 0)
                return -(long)LinuxErrno.EIO;
            ulong root = volume.Owns(request.Root) ? request.Root : 0;
            PathLookup found = volume.Lookup(path, request.PathLength, request.Start, root, request.Flags, request.Symlinks, request.Uid, request.Gid);
            reply.Symlinks = found.Symlinks;
            if (found.Result == FsLookupStops.Symlink || found.Result == FsLookupStops.EnterMount || found.Result == FsLookupStops.LeaveMount)
            {
                ReadOnlySpan<byte> rest = path.Slice(found.RestStart, found.RestEnd - found.RestStart);
                if (new GrantedSlice<Writable>(BootEndpoints.Vfs, s_pathGrant, (ulong)request.PathOffset, (ulong)rest.Length).CopyFrom(rest) != 0)
                    return -(long)LinuxErrno.EIO;
                reply.RestLength = rest.Length;
                if (found.Result != FsLookupStops.Symlink && DescribeInode(volume, found.Inode, ref reply) < 0) return Failed(volume, -(long)LinuxErrno.EIO);
                return found.Result;
            }
            if (found.Result < 0) return Failed(volume, found.Result);
            long described = DescribeInode(volume, found.Inode, ref reply);
            return described < 0 ? Failed(volume, described) : 0;
        }

        private static long Read(in FsData request)
        {
            int slot = SlotOf(request.Inode);
            if (slot < 0) return -(long)LinuxErrno.EINVAL;
            IsoVolume volume = s_volumes[slot];
            ulong done = 0;
            while (done < request.Length)
            {
                long read = volume.ReadRun(request.Inode, request.Position + done, request.Length - done, out ReadOnlySpan<byte> run);
                if (read < 0) return done > 0 ? (long)done : Failed(volume, read);
                if (read == 0) break;
                if (new GrantedSlice<Writable>(BootEndpoints.Vfs, request.Grant, done, (ulong)run.Length).CopyFrom(run) != 0)
                    return done > 0 ? (long)done : -(long)LinuxErrno.EFAULT;
                done += (ulong)read;
            }
            return (long)done;
        }

        private static long Stat(in FsData request)
        {
            int slot = SlotOf(request.Inode);
            if (slot < 0) return -(long)LinuxErrno.EINVAL;
            IsoVolume volume = s_volumes[slot];
            if ((request.Flags & FsDataFlags.Statx) != 0)
            {
                long filled = volume.FillStatx(request.Inode, s_devices[slot], out LinuxStatx statx);
                return filled < 0 ? Failed(volume, filled) : CopyOut(request.Grant, new ReadOnlySpan<byte>(&statx, LinuxStatx.Size));
            }
            long made = volume.FillStat(request.Inode, s_devices[slot], out LinuxStat stat);
            return made < 0 ? Failed(volume, made) : CopyOut(request.Grant, new ReadOnlySpan<byte>(&stat, LinuxStat.Size));
        }

        private static long StatFs(in FsData request)
        {
            int slot = SlotOf(request.Inode);
            if (slot < 0) return -(long)LinuxErrno.EINVAL;
            s_volumes[slot].FillStatfs(s_devices[slot], out LinuxStatfs statfs);
            return CopyOut(request.Grant, new ReadOnlySpan<byte>(&statfs, LinuxStatfs.Size));
        }

        private static long ReadDirectory(in FsData request, ref FsReply reply)
        {
            int slot = SlotOf(request.Inode);
            if (slot < 0) return -(long)LinuxErrno.EINVAL;
            ulong position = request.Position;
            Span<byte> records = s_records.AsSpan(0, (int)Math.Min(request.Length, (ulong)s_records.Length));
            long written = s_volumes[slot].ReadDirectory(request.Inode, ref position, records);
            if (written < 0) return Failed(s_volumes[slot], written);
            if (written == 0) return 0;
            long copied = CopyOut(request.Grant, records.Slice(0, (int)written));
            if (copied != 0) return copied;
            reply.Size = position;
            return written;
        }

        private static long ReadLink(in FsData request)
        {
            int slot = SlotOf(request.Inode);
            if (slot < 0) return -(long)LinuxErrno.EINVAL;
            long length = s_volumes[slot].ReadLink(request.Inode, out ReadOnlySpan<byte> target);
            if (length < 0) return Failed(s_volumes[slot], length);
            target = target.Slice(0, (int)Math.Min((ulong)target.Length, request.Length));
            long copied = CopyOut(request.Grant, target);
            return copied != 0 ? copied : target.Length;
        }

        // EXEC's read grant of a whole file in one piece (the file-system library's WholeFileGrants).
        private static long GrantFile(in FsData request, ref FsReply reply)
        {
            int slot = SlotOf(request.Inode);
            if (slot < 0) return -(long)LinuxErrno.EINVAL;
            IsoVolume volume = s_volumes[slot];
            long found = volume.Attributes(request.Inode, out IsoEntry entry);
            if (found < 0) return Failed(volume, found);
            if (!FileModes.IsRegular(entry.Mode)) return -(long)LinuxErrno.ENOEXEC;
            var file = new IsoFileRuns(volume, request.Inode);
            long granted = WholeFileGrants.Grant(ref file, entry.Size, (int)request.Position, out int grant);
            if (granted < 0) return Failed(volume, granted);
            reply.Inode = (ulong)grant;
            return granted;
        }

        private struct IsoFileRuns(IsoVolume volume, ulong inode) : IFileRuns
        {
            public readonly long ReadRun(ulong position, ulong length, out ReadOnlySpan<byte> run) => volume.ReadRun(inode, position, length, out run);
        }

        // The mounted volume an inode number belongs to, or -1.
        private static int SlotOf(ulong inode)
        {
            int slot = (int)(inode >> IsoVolume.InodeBits) - 1;
            return (uint)slot < MaxVolumes && s_mounted[slot] && s_volumes[slot].Owns(inode) ? slot : -1;
        }

        private static long DescribeInode(IsoVolume volume, ulong inode, ref FsReply reply)
        {
            long found = volume.Attributes(inode, out IsoEntry entry);
            if (found < 0) return found;
            Describe(volume, in entry, ref reply);
            return 0;
        }

        private static void Describe(IsoVolume volume, in IsoEntry entry, ref FsReply reply)
        {
            reply.Inode = entry.Inode;
            reply.Mode = entry.Mode;
            reply.Size = FileModes.IsSymlink(entry.Mode) ? (ulong)entry.LinkLength : entry.Size;
            reply.Uid = entry.Uid;
            reply.Gid = entry.Gid;
            reply.SpecialDevice = entry.SpecialDevice;
            if (volume.IsMountPoint(entry.Inode)) reply.Flags |= FsReplyFlags.MountPoint;
        }

        // A damaged medium's EIO, reported with what the volume found wrong and where.
        private static long Failed(IsoVolume volume, long error)
        {
            if (error == -(long)LinuxErrno.EIO) Report(volume);
            return error;
        }

        private static void Report(IsoVolume volume)
        {
            if (volume.Problem == null) return;
            new ConsoleLine(stackalloc char[160]).Append("iso9660: ").Append(volume.Problem).Append(" (byte ").Append(volume.ProblemAt)
                .Append(" of the medium)").Print();
        }

        private static long CopyOut(int grant, ReadOnlySpan<byte> bytes) =>
            new GrantedSlice<Writable>(BootEndpoints.Vfs, grant, 0, (ulong)bytes.Length).CopyFrom(bytes) == 0 ? 0 : -(long)LinuxErrno.EFAULT;
    }
}
