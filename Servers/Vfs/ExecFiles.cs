using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // PM's and VM's requests for file bytes (Abi/VfsRequests.cs). ExecOpen: a program file found
    // as the process sees the tree and handed to PM (and through it to EXEC) as a read grant of
    // its bytes, which the file system makes: the kernel copies the segments straight from the
    // file system's memory. MapRead: a file-backed mmap's bytes read by the file system straight
    // into VM's grant (passed on as an indirect grant).
    public static class ExecFiles
    {
        private static readonly byte[] s_zeros = new byte[4096];

        public static long Open(int caller, in VfsExecOpen request, out int grant, out int owner)
        {
            grant = -1;
            owner = BootEndpoints.Vfs;
            if (request.PathLength <= 0) return -ENOENT;
            if (request.PathLength >= FileLimits.PathMax) return -ENAMETOOLONG;
            Span<byte> path = FileServers.PathBuffer.AsSpan(FileServers.PathA, request.PathLength);
            if (new ProcessSlice<Readable>(caller, request.PathAddress, (ulong)request.PathLength).CopyTo(path) != 0) return -EFAULT;
            int record = request.Process == Endpoint.None ? -1 : Processes.Find(request.Process);
            ProcessView.ProgramNamed(request.Process, record, path);
            if (request.Process != Endpoint.None && record < 0) record = ProcessEvents.RecordOf(request.Process);
            FileProcess viewer = record >= 0 ? Processes.At(record)
                : new FileProcess { RootDirectory = ProcessEvents.RootVnode, WorkingDirectory = ProcessEvents.RootVnode };
            long resolved = PathResolver.Resolve(in viewer, viewer.WorkingDirectory, FileServers.PathA, request.PathLength, FsLookupFlags.FollowLast, out Resolved found);
            if (resolved < 0) return resolved;
            if (!FileModes.IsRegular(found.Mode) || !Lookups.MayAccess(in viewer, found.Mode, found.Uid, found.Gid, AccessModes.Execute)) return -EACCES;
            long length = FileServers.Data(found.Server, FsRequests.GrantFile, found.Inode, (ulong)caller, 0, -1, 0, out FsReply reply);
            if (length < 0) return length;
            grant = (int)reply.Inode;
            owner = found.Server;
            ProcessView.ProgramOpened(record);
            return length;
        }

        public static long Release(in VfsRelease request)
        {
            if (request.Owner == BootEndpoints.Vfs) return -EINVAL;
            for (int m = 0; m < Mounts.Capacity; m++)
                if (Mounts.At(m).InUse && Mounts.At(m).Server == request.Owner)
                    return FileServers.Inode(request.Owner, FsRequests.ReleaseGrant, (ulong)request.Grant);
            return -EINVAL;
        }

        public static long MapRead(int caller, in VfsMapRead request)
        {
            int record = Processes.Find(request.Process);
            if (record < 0) return -EBADF;
            int file = Descriptors.FileOf(record, request.Descriptor);
            if (file < 0) return -EBADF;
            if (!OpenFiles.IsReadable(file)) return -EACCES;
            ref Vnode vnode = ref Vnodes.At(OpenFiles.At(file).Vnode);
            if (!FileModes.IsRegular(vnode.Mode)) return -ENODEV;
            // As read() would have them: from the page cache, shared with the file's readers.
            long read = CachedReads.Applies(in vnode, request.Length) ? CachedReads.ToGrant(caller, request.Grant, in vnode, request.Offset, request.Length) : CachedReads.NotCached;
            if (read == CachedReads.NotCached) read = ServerMapRead(caller, in request, in vnode);
            if (read < 0) return read;
            // Past the file's end the mapping reads zeros.
            for (ulong at = (ulong)read; at < request.Length; at += (ulong)s_zeros.Length)
            {
                int size = (int)Math.Min((ulong)s_zeros.Length, request.Length - at);
                if (new GrantedSlice<Writable>(caller, request.Grant, at, (ulong)size).CopyFrom(s_zeros.AsSpan(0, size)) != 0) return -EFAULT;
            }
            return read;
        }

        // The file system's bytes straight into VM's grant (passed on as an indirect grant).
        private static long ServerMapRead(int caller, in VfsMapRead request, in Vnode vnode)
        {
            int grant = GrantTable.GrantIndirect(vnode.Server, caller, request.Grant, 0, request.Length, GrantFlags.Write);
            if (grant < 0) return -ENOMEM;
            long read = FileServers.Data(vnode.Server, FsRequests.Read, vnode.Inode, request.Offset, request.Length, grant, 0, out _);
            GrantTable.Revoke(grant);
            return read;
        }
    }
}
