using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // getdents64, chdir, fchdir, getcwd (MINIX's do_getdents, do_chdir, do_fchdir, and its
    // libc's getcwd, which VFS does here): directories read through their server, and the
    // working directory's path found by walking ".." to the root and each parent's entries.
    public static class DirectoryCalls
    {
        private const int EntriesChunk = 4096;
        private static readonly byte[] s_entries = new byte[EntriesChunk];
        private static readonly byte[] s_path = new byte[FileLimits.PathMax];

        public static long ReadEntries(int record, long fd, ulong buffer, ulong count)
        {
            int file = Descriptors.FileOf(record, fd);
            if (file < 0) return -EBADF;
            ref OpenFile open = ref OpenFiles.At(file);
            ref Vnode vnode = ref Vnodes.At(open.Vnode);
            if (!FileModes.IsDirectory(vnode.Mode)) return -ENOTDIR;
            if ((open.Flags & OpenFlags.Path) != 0) return -EBADF;
            if (count > int.MaxValue) count = int.MaxValue;
            int grant = GrantTable.GrantMagic(vnode.Server, Processes.At(record).Endpoint, buffer, count, GrantFlags.Write);
            if (grant < 0) return -ENOMEM;
            long result = FileServers.Data(vnode.Server, FsRequests.ReadDirectory, vnode.Inode, (ulong)open.Position, count, grant, 0, out FsReply reply);
            GrantTable.Revoke(grant);
            if (result > 0) open.Position = (long)reply.Size;
            return result;
        }

        public static long ChangeDirectory(int record, ulong path)
        {
            long resolved = Lookups.Resolve(record, AtFlags.CurrentDirectory, path, FsLookupFlags.FollowLast | FsLookupFlags.Directory | FsLookupFlags.Keep,
                                            false, out Resolved found, out _);
            if (resolved < 0) return resolved;
            if (!Lookups.MayAccess(in Processes.At(record), found.Mode, found.Uid, found.Gid, AccessModes.Execute)) return -EACCES;
            int vnode = Lookups.Hold(in found);
            if (vnode < 0) return vnode;
            return Become(record, vnode);
        }

        public static long ChangeDirectoryTo(int record, long fd)
        {
            int vnode = Descriptors.VnodeOf(record, fd);
            if (vnode < 0) return vnode;
            if (!Vnodes.IsDirectory(vnode)) return -ENOTDIR;
            Vnodes.Hold(vnode);
            return Become(record, vnode);
        }

        private static long Become(int record, int vnode)
        {
            ref FileProcess process = ref Processes.At(record);
            int old = process.WorkingDirectory;
            process.WorkingDirectory = vnode;
            Descriptors.ReleaseVnode(old);
            long length = PathOf(in process, vnode);
            ProcessView.SetWorkingDirectory(record, length < 0 ? "/"u8 : LastPath(length));
            return 0;
        }

        // getcwd: the working directory's path (PathOf).
        public static long WorkingDirectory(int record, ulong buffer, ulong size)
        {
            ref FileProcess process = ref Processes.At(record);
            long length = PathOf(in process, process.WorkingDirectory);
            if (length < 0) return length;
            ReadOnlySpan<byte> path = s_path.AsSpan(s_path.Length - (int)length);
            if ((ulong)length + 1 > size) return -ERANGE;
            Span<byte> withNul = stackalloc byte[1];
            withNul[0] = 0;
            if (new ProcessSlice<Writable>(process.Endpoint, buffer, (ulong)length).CopyFrom(path) != 0
                || new ProcessSlice<Writable>(process.Endpoint, buffer + (ulong)length, 1).CopyFrom(withNul) != 0) return -EFAULT;
            return length + 1;
        }

        // The path of a directory vnode as the process sees the tree, built from the end of s_path
        // backwards, one component per level: its length (the path is at the end of s_path, see
        // LastPath), or a negated errno.
        public static long PathOf(in FileProcess process, int directory)
        {
            Span<byte> path = s_path;
            int start = path.Length;
            ref Vnode root = ref Vnodes.At(process.RootDirectory);
            ref Vnode here = ref Vnodes.At(directory);
            int server = here.Server;
            ulong inode = here.Inode, device = here.Device;
            for (int depth = 0; depth < FileLimits.PathMax / 2; depth++)
            {
                if (server == root.Server && inode == root.Inode) break;
                int mount = Mounts.RootedAt(server, inode);
                if (mount >= 0)
                {
                    int covered = Mounts.At(mount).Covered;
                    if (covered < 0) break;                                 // "/" itself
                    server = Vnodes.At(covered).Server;
                    inode = Vnodes.At(covered).Inode;
                    device = Vnodes.At(covered).Device;
                    continue;
                }
                FileServers.PathBuffer[FileServers.PathA] = (byte)'.';
                FileServers.PathBuffer[FileServers.PathA + 1] = (byte)'.';
                int symlinks = 0;
                long parent = FileServers.Lookup(server, inode, 0, FileServers.PathA, 2, 0, ref symlinks, 0, 0, out FsReply up);
                if (parent != 0) return parent == FsLookupStops.LeaveMount ? -ENOENT : parent;
                long numbered = StatCalls.SerialNumber(server, inode, out ulong number);
                if (numbered < 0) return numbered;
                int nameLength = (int)NameIn(server, up.Inode, number, path.Slice(0, start));
                if (nameLength < 0) return nameLength;
                start -= nameLength;
                path[--start] = (byte)'/';
                inode = up.Inode;
            }
            if (start == path.Length) path[--start] = (byte)'/';
            return path.Length - start;
        }

        // What PathOf found last, `length` bytes.
        public static ReadOnlySpan<byte> LastPath(long length) => s_path.AsSpan(s_path.Length - (int)length);

        // The name of the entry numbered `child` (st_ino) in `directory`, copied to the end of `into`: its length, -ENOENT
        // when it is not there (a removed directory), -ENAMETOOLONG.
        private static long NameIn(int server, ulong directory, ulong child, Span<byte> into)
        {
            int grant = GrantTable.GrantWritable(server, s_entries);
            if (grant < 0) return -ENOMEM;
            long found = Search(server, directory, child, into, grant);
            GrantTable.Revoke(grant);
            return found;
        }

        private static long Search(int server, ulong directory, ulong child, Span<byte> into, int grant)
        {
                ulong position = 0;
                while (true)
                {
                    long read = FileServers.Data(server, FsRequests.ReadDirectory, directory, position, EntriesChunk, grant, 0, out FsReply reply);
                    if (read <= 0) return read < 0 ? read : -ENOENT;
                    position = reply.Size;
                    for (int at = 0; at < read;)
                    {
                        ReadOnlySpan<byte> entry = s_entries.AsSpan(at);
                        ulong inode = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(entry);
                        int recordLength = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(entry.Slice(16));
                        if (recordLength == 0) return -EIO;
                        ReadOnlySpan<byte> name = entry.Slice(LinuxDirent64.HeaderSize, recordLength - LinuxDirent64.HeaderSize);
                        name = name.Slice(0, name.IndexOf((byte)0) < 0 ? name.Length : name.IndexOf((byte)0));
                        bool dots = (name.Length == 1 && name[0] == '.') || (name.Length == 2 && name[0] == '.' && name[1] == '.');
                        if (inode == child && !dots)
                        {
                            if (name.Length + 1 > into.Length) return -ENAMETOOLONG;
                            name.CopyTo(into.Slice(into.Length - name.Length));
                            return name.Length;
                        }
                        at += recordLength;
                    }
                }
        }
    }
}
