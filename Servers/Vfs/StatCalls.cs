using System;
using System.Runtime.InteropServices;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // fstat, stat, lstat, newfstatat, statx, statfs, fstatfs (MINIX's do_stat, do_fstat,
    // do_statvfs): the file system fills Linux's structure and copies it straight to the program
    // through a magic grant; a pipe's VFS fills itself. A cached file system's struct stat is
    // kept in InodeCache and copied from there.
    public static class StatCalls
    {
        private static readonly byte[] s_stat = new byte[LinuxStat.Size];

        public static long Stat(int record, long directoryFd, ulong path, ulong buffer, int flags)
        {
            if ((flags & ~(AtFlags.SymlinkNoFollow | AtFlags.EmptyPath | AtFlags.NoAutomount)) != 0) return -EINVAL;
            int lookup = (flags & AtFlags.SymlinkNoFollow) != 0 ? 0 : FsLookupFlags.FollowLast;
            long resolved = Lookups.Resolve(record, directoryFd, path, lookup, (flags & AtFlags.EmptyPath) != 0, out Resolved found, out int vnode);
            if (resolved < 0) return resolved;
            return vnode >= 0 ? OfVnode(record, vnode, buffer, 0) : OfFile(record, found.Server, found.Inode, buffer, 0);
        }

        public static long FileStat(int record, long fd, ulong buffer)
        {
            int vnode = Descriptors.VnodeOf(record, fd);
            return vnode < 0 ? vnode : OfVnode(record, vnode, buffer, 0);
        }

        public static long Statx(int record, long directoryFd, ulong path, int flags, uint mask, ulong buffer)
        {
            if ((flags & ~(AtFlags.SymlinkNoFollow | AtFlags.EmptyPath | AtFlags.NoAutomount | AtFlags.StatxSyncMask)) != 0) return -EINVAL;
            if ((flags & AtFlags.StatxSyncMask) == AtFlags.StatxSyncMask || (mask & StatxMask.Reserved) != 0) return -EINVAL;
            int lookup = (flags & AtFlags.SymlinkNoFollow) != 0 ? 0 : FsLookupFlags.FollowLast;
            long resolved = Lookups.Resolve(record, directoryFd, path, lookup, (flags & AtFlags.EmptyPath) != 0, out Resolved found, out int vnode);
            if (resolved < 0) return resolved;
            uint kind = FsDataFlags.Statx | (mask & ~FsDataFlags.Statx);
            return vnode >= 0 ? OfVnode(record, vnode, buffer, kind) : OfFile(record, found.Server, found.Inode, buffer, kind);
        }

        public static long FileSystemStat(int record, ulong path, ulong buffer)
        {
            long resolved = Lookups.Resolve(record, AtFlags.CurrentDirectory, path, FsLookupFlags.FollowLast, false, out Resolved found, out _);
            if (resolved < 0) return resolved;
            return FileSystemOf(record, found.Server, found.Inode, buffer);
        }

        public static long FileFileSystemStat(int record, long fd, ulong buffer)
        {
            int vnode = Descriptors.VnodeOf(record, fd);
            if (vnode < 0) return vnode;
            ref Vnode node = ref Vnodes.At(vnode);
            if (node.Server == 0)
            {
                LinuxStatfs statfs = default;
                statfs.Type = 0x50495045;                   // PIPEFS_MAGIC
                statfs.BlockSize = statfs.FragmentSize = 4096;
                statfs.NameLength = FileLimits.NameMax;
                return CopyOut(record, buffer, ref statfs);
            }
            return FileSystemOf(record, node.Server, node.Inode, buffer);
        }

        private static long FileSystemOf(int record, int server, ulong inode, ulong buffer)
        {
            int grant = GrantTable.GrantMagic(server, Processes.At(record).Endpoint, buffer, LinuxStatfs.Size, GrantFlags.Write);
            if (grant < 0) return -ENOMEM;
            long result = FileServers.Data(server, FsRequests.StatFs, inode, 0, LinuxStatfs.Size, grant, 0, out _);
            GrantTable.Revoke(grant);
            return result;
        }

        private static long OfVnode(int record, int vnode, ulong buffer, uint kind)
        {
            ref Vnode node = ref Vnodes.At(vnode);
            if (node.Server != 0) return OfFile(record, node.Server, node.Inode, buffer, kind);
            // A pipe: what Linux's pipefs says of one.
            LinuxStat stat = default;
            stat.Device = node.Device;
            stat.Inode = node.Inode;
            stat.LinkCount = 1;
            stat.Mode = node.Mode;
            stat.BlockSize = 4096;
            if (kind == 0) return CopyOut(record, buffer, ref stat);
            LinuxStatx statx = LinuxStatx.From(in stat);
            return CopyOut(record, buffer, ref statx);
        }

        private static long OfFile(int record, int server, ulong inode, ulong buffer, uint kind)
        {
            if (kind == 0 && FileServers.IsCached(server))
            {
                int cached = CachedStat(server, inode);
                if (cached >= 0) return CopyOut(record, buffer, ref InodeCache.At(cached).Stat);
            }
            ulong size = kind == 0 ? (ulong)LinuxStat.Size : LinuxStatx.Size;
            int grant = GrantTable.GrantMagic(server, Processes.At(record).Endpoint, buffer, size, GrantFlags.Write);
            if (grant < 0) return -ENOMEM;
            long result = FileServers.Data(server, FsRequests.Stat, inode, 0, size, grant, kind, out _);
            GrantTable.Revoke(grant);
            return result;
        }

        // The inode's struct stat from InodeCache, asked of the server into VFS's own buffer when
        // not there yet: the cache entry, or -1 when the server could not say (the caller then
        // asks it the usual way, for its error).
        private static int CachedStat(int server, ulong inode)
        {
            int index = InodeCache.Find(server, inode);
            if (index >= 0 && InodeCache.At(index).HasStat) return index;
            int grant = GrantTable.GrantWritable(server, s_stat);
            if (grant < 0) return -1;
            long result = FileServers.Data(server, FsRequests.Stat, inode, 0, LinuxStat.Size, grant, 0, out _);
            GrantTable.Revoke(grant);
            if (result < 0) return -1;
            LinuxStat stat = MemoryMarshal.Read<LinuxStat>(s_stat);
            return InodeCache.RememberStat(server, inode, in stat);
        }

        // The number stat gives the inode (st_ino), by which its directory's entries name it: a
        // server's inode handle may carry more (ext2 and ISO9660 put the volume in its high
        // bits). 0, or a negated errno.
        public static long SerialNumber(int server, ulong inode, out ulong number)
        {
            number = 0;
            int cached = FileServers.IsCached(server) ? CachedStat(server, inode) : -1;
            if (cached >= 0)
            {
                number = InodeCache.At(cached).Stat.Inode;
                return 0;
            }
            int grant = GrantTable.GrantWritable(server, s_stat);
            if (grant < 0) return -ENOMEM;
            long result = FileServers.Data(server, FsRequests.Stat, inode, 0, LinuxStat.Size, grant, 0, out _);
            GrantTable.Revoke(grant);
            if (result < 0) return result;
            number = MemoryMarshal.Read<LinuxStat>(s_stat).Inode;
            return 0;
        }

        private static unsafe long CopyOut<T>(int record, ulong buffer, ref T value) where T : unmanaged
        {
            fixed (T* bytes = &value)
                return new ProcessSlice<Writable>(Processes.At(record).Endpoint, buffer, (ulong)sizeof(T))
                    .CopyFrom(new ReadOnlySpan<byte>(bytes, sizeof(T))) == 0 ? 0 : -EFAULT;
        }
    }
}
