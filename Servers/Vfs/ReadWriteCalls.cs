using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // read, write, pread64, pwrite64, readv, writev, lseek (MINIX's read_write): the open file
    // description's checks, then by what the vnode is: a file system's file moves straight between
    // the program's buffer and the server's pages through a magic grant (one copy, one request),
    // except a read that VFS's page cache answers (CachedReads); a pipe through VFS's ring; a
    // device through its driver. A call that must wait (an empty pipe, a terminal) is held:
    // Suspensions.Held, answered later.
    public static class ReadWriteCalls
    {
        private const ulong MaxCount = 0x7FFFF000;          // Linux's MAX_RW_COUNT

        public static long Read(int record, long fd, ulong buffer, ulong count) => Transfer(record, fd, buffer, count, -1, write: false);
        public static long Write(int record, long fd, ulong buffer, ulong count) => Transfer(record, fd, buffer, count, -1, write: true);

        public static long PositionedRead(int record, long fd, ulong buffer, ulong count, long position) =>
            position < 0 ? -EINVAL : Transfer(record, fd, buffer, count, position, write: false);

        public static long PositionedWrite(int record, long fd, ulong buffer, ulong count, long position) =>
            position < 0 ? -EINVAL : Transfer(record, fd, buffer, count, position, write: true);

        // `position` -1: the description's own, moved by what was transferred.
        public static long Transfer(int record, long fd, ulong buffer, ulong count, long position, bool write)
        {
            int file = Descriptors.FileOf(record, fd);
            if (file < 0) return -EBADF;
            ref OpenFile open = ref OpenFiles.At(file);
            if ((open.Flags & OpenFlags.Path) != 0) return -EBADF;
            if (write ? !OpenFiles.IsWritable(file) : !OpenFiles.IsReadable(file)) return -EBADF;
            ref Vnode vnode = ref Vnodes.At(open.Vnode);
            if ((long)count < 0) return -EINVAL;
            if (count > MaxCount) count = MaxCount;
            if (vnode.Pipe >= 0)
            {
                if (position >= 0) return -ESPIPE;
                return write ? Pipes.Write(record, vnode.Pipe, open.Vnode, buffer, count, (open.Flags & OpenFlags.NonBlocking) != 0)
                             : Pipes.Read(record, vnode.Pipe, open.Vnode, buffer, count, (open.Flags & OpenFlags.NonBlocking) != 0);
            }
            if (FileModes.IsCharDevice(vnode.Mode))
                return CharDevices.Transfer(record, vnode.SpecialDevice, buffer, count, write, open.Flags,
                                            position >= 0 ? position : open.Position, position >= 0 ? -1 : file);
            if (FileModes.IsDirectory(vnode.Mode)) return -EISDIR;
            if (!FileModes.IsRegular(vnode.Mode))       // a regular file's path pays no test for the rest
                return FileModes.IsBlockDevice(vnode.Mode) ? BlockTransfer(record, ref open, in vnode, buffer, count, position, write) : -EINVAL;
            long at = position >= 0 ? position : write && (open.Flags & OpenFlags.Append) != 0 ? (long)vnode.Size : open.Position;
            if (count == 0) return 0;
            if (write && (ulong)at + count > (ulong)long.MaxValue) return -EFBIG;
            long moved = !write && CachedReads.Applies(in vnode, count)
                ? CachedReads.ToProcess(record, in vnode, (ulong)at, buffer, count)
                : FileData(record, in vnode, (ulong)at, buffer, count, write);
            if (moved > 0 && position < 0) open.Position = at + moved;
            return moved;
        }

        private static long BlockTransfer(int record, ref OpenFile open, in Vnode vnode, ulong buffer, ulong count, long position, bool write)
        {
            long at = position >= 0 ? position : open.Position;
            long moved = BlockDevices.Transfer(record, vnode.SpecialDevice, buffer, count, (ulong)at, write);
            if (moved > 0 && position < 0) open.Position = at + moved;
            return moved;
        }

        // A file system moves at most this much per request: a server busy with one request
        // for longer than RS's heartbeat (a second) is restarted as hung, and under TCG 2 GiB of
        // copying takes several; a larger transfer is several requests, between which the
        // server answers RS.
        private const ulong RequestMax = 16 << 20;

        // `count` bytes of a file system's file at `at`, to or from the program's buffer: what
        // moved, or an errno when nothing did.
        public static long FileData(int record, in Vnode vnode, ulong at, ulong buffer, ulong count, bool write)
        {
            ulong done = 0;
            while (done < count)
            {
                ulong part = Math.Min(count - done, RequestMax);
                long moved = FileDataRequest(record, in vnode, at + done, buffer + done, part, write);
                if (moved < 0) return done > 0 ? (long)done : moved;
                done += (ulong)moved;
                if ((ulong)moved < part) break;
            }
            return (long)done;
        }

        // One request: the bytes move straight between the program's buffer and the server
        // through a magic grant made out to the server.
        private static long FileDataRequest(int record, in Vnode vnode, ulong at, ulong buffer, ulong count, bool write)
        {
            int grant = GrantTable.GrantMagic(vnode.Server, Processes.At(record).Endpoint, buffer, count, write ? GrantFlags.Read : GrantFlags.Write);
            if (grant < 0) return -ENOMEM;
            long moved = FileServers.Data(vnode.Server, write ? FsRequests.Write : FsRequests.Read, vnode.Inode, at, count, grant, 0, out FsReply reply);
            GrantTable.Revoke(grant);
            if (write && moved > 0)
            {
                int index = Vnodes.Find(vnode.Server, vnode.Inode);
                if (index >= 0) Vnodes.At(index).Size = reply.Size;
            }
            return moved;
        }

        // readv, writev, preadv-like loops over the program's iovec array: each part in turn; a
        // part that would wait ends the call with what moved, or holds it when nothing did.
        public static long Vector(int record, long fd, ulong vector, long parts, long position, bool write)
        {
            if (parts < 0 || parts > FileLimits.IovMax) return -EINVAL;
            if (Descriptors.FileOf(record, fd) < 0) return -EBADF;
            Span<byte> entry = stackalloc byte[LinuxIoVector.Size];
            long total = 0;
            for (long i = 0; i < parts; i++)
            {
                if (new ProcessSlice<Readable>(Processes.At(record).Endpoint, vector + (ulong)i * LinuxIoVector.Size, LinuxIoVector.Size).CopyTo(entry) != 0)
                    return total > 0 ? total : -EFAULT;
                ulong address = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(entry);
                ulong length = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(8));
                if ((long)length < 0) return total > 0 ? total : -EINVAL;
                if (length == 0) continue;
                long moved = Transfer(record, fd, address, length, position < 0 ? -1 : position + total, write);
                if (moved == Suspensions.Held)
                {
                    if (total == 0) return Suspensions.Held;
                    Suspensions.Forget(record);
                    return total;
                }
                if (moved < 0) return total > 0 ? total : moved;
                total += moved;
                if ((ulong)moved < length) break;
            }
            return total;
        }

        // preadv2, pwritev2: position -1 is the description's own; of the RWF_* flags only
        // RWF_HIPRI (a hint), RWF_DSYNC and RWF_SYNC (every write here is as durable as it gets)
        // are taken; the rest, as by a kernel without them, EOPNOTSUPP.
        public static long VectorWithFlags(int record, long fd, ulong vector, long parts, long position, int flags, bool write)
        {
            const int Hipri = 0x1, Dsync = 0x2, Sync = 0x4;
            if ((flags & ~(Hipri | Dsync | Sync)) != 0) return -EOPNOTSUPP;
            if (position < -1) return -EINVAL;
            return Vector(record, fd, vector, parts, position, write);
        }

        public static long Seek(int record, long fd, long offset, int whence)
        {
            int file = Descriptors.FileOf(record, fd);
            if (file < 0) return -EBADF;
            ref OpenFile open = ref OpenFiles.At(file);
            ref Vnode vnode = ref Vnodes.At(open.Vnode);
            if (vnode.Pipe >= 0) return -ESPIPE;
            // A framebuffer seeks as Linux's default_llseek (its node's size is 0); other
            // character devices stay where they are (a terminal cannot seek).
            if (FileModes.IsCharDevice(vnode.Mode) && !CharDevices.IsFramebuffer(vnode.SpecialDevice))
                return CharDevices.IsTerminal(vnode.SpecialDevice) ? -ESPIPE : 0;
            long size = FileModes.IsBlockDevice(vnode.Mode) ? (long)BlockDevices.Size(vnode.SpecialDevice) : (long)vnode.Size;
            long target;
            switch (whence)
            {
                case SeekOrigins.Set: target = offset; break;
                case SeekOrigins.Current: target = open.Position + offset; break;
                case SeekOrigins.End: target = size + offset; break;
                case SeekOrigins.Data:
                    if (offset < 0) return -EINVAL;
                    if (offset >= size) return -ENXIO;
                    target = offset;
                    break;
                case SeekOrigins.Hole:
                    if (offset < 0) return -EINVAL;
                    if (offset >= size) return -ENXIO;
                    target = size;
                    break;
                default: return -EINVAL;
            }
            if (target < 0) return -EINVAL;
            open.Position = target;
            return target;
        }
    }
}
