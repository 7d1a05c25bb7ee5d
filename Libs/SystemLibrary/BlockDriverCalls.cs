using System;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.SystemLibrary
{
    // A block driver's client side (Abi/BlockDriverRequests.cs): one SENDREC per request. Data
    // moves through a grant made out to the driver: Read and Write make one over the caller's
    // own buffer for the call's length of time; Transfer takes one the caller made (VFS's magic
    // grant over a program's buffer). Results are a count, 0, or a negated errno: the SENDREC's
    // own (Errno.EDEADSRCDST when the driver died meanwhile: wait for its "driver up", open
    // again and send again), or the driver's answer (Linux errnos), or EIO when what came back
    // is not the answer to this request (a wrong type or Id, a count larger than asked).
    public static class BlockDriverCalls
    {
        private static int s_nextId = 1;

        // The endpoint the driver `label` published as up ("blk.up.<label>"), or a negated errno
        // (ENOENT: none yet).
        public static int Find(ReadOnlySpan<char> label, out int driver)
        {
            driver = Endpoint.None;
            Span<char> key = stackalloc char[DsRequests.KeyBytes];
            if (BlockDriverLabels.Up.Length + label.Length > key.Length) return -(int)Errno.ENAMETOOLONG;
            BlockDriverLabels.Up.AsSpan().CopyTo(key);
            label.CopyTo(key.Slice(BlockDriverLabels.Up.Length));
            int found = DataStore.RetrieveU32(key.Slice(0, BlockDriverLabels.Up.Length + label.Length), out uint endpoint);
            if (found == 0) driver = (int)endpoint;
            return found;
        }

        // `access`: BlockAccess.Read and/or Write.
        public static long Open(int driver, int minor, int access) => OpenClose(driver, BlockDriverRequests.Open, minor, access);

        public static long Close(int driver, int minor) => OpenClose(driver, BlockDriverRequests.Close, minor, 0);

        public static long Read(int driver, int minor, ulong position, Span<byte> buffer)
        {
            int grant = GrantTable.GrantWritable(driver, buffer);
            if (grant < 0) return grant;
            long read = Transfer(driver, minor, position, grant, (ulong)buffer.Length, write: false);
            GrantTable.Revoke(grant);
            return read;
        }

        public static long Write(int driver, int minor, ulong position, ReadOnlySpan<byte> data)
        {
            int grant = GrantTable.GrantReadable(driver, data);
            if (grant < 0) return grant;
            long written = Transfer(driver, minor, position, grant, (ulong)data.Length, write: true);
            GrantTable.Revoke(grant);
            return written;
        }

        // `length` bytes at `position` (whole sectors) through the caller's grant `grant`.
        public static long Transfer(int driver, int minor, ulong position, int grant, ulong length, bool write)
        {
            Message message = default;
            message.Type = write ? BlockDriverRequests.Write : BlockDriverRequests.Read;
            ref BlockDriverTransfer request = ref message.Payload<BlockDriverTransfer>();
            request.Minor = minor;
            request.Grant = grant;
            request.Position = position;
            request.Length = length;
            long moved = Call(driver, ref message, request.Id = s_nextId++);
            return moved > (long)length ? -(int)Errno.EIO : moved;
        }

        // A block ioctl (LinuxBlockIoctls) whose argument's bytes are `argument` (empty: none).
        public static long Ioctl(int driver, int minor, uint command, Span<byte> argument)
        {
            int grant = -1;
            if (argument.Length > 0)
            {
                grant = GrantTable.GrantReadWritable(driver, argument);
                if (grant < 0) return grant;
            }
            Message message = default;
            message.Type = BlockDriverRequests.Ioctl;
            ref BlockDriverIoctl request = ref message.Payload<BlockDriverIoctl>();
            request.Minor = minor;
            request.Request = command;
            request.Grant = grant;
            long result = Call(driver, ref message, request.Id = s_nextId++);
            if (grant >= 0) GrantTable.Revoke(grant);
            return result;
        }

        private static long OpenClose(int driver, int type, int minor, int access)
        {
            Message message = default;
            message.Type = type;
            ref BlockDriverOpenClose request = ref message.Payload<BlockDriverOpenClose>();
            request.Minor = minor;
            request.Access = access;
            return Call(driver, ref message, request.Id = s_nextId++);
        }

        private static long Call(int driver, ref Message message, int id)
        {
            int failed = Syscalls.Request(driver, ref message, BlockDriverRequests.Reply);
            if (failed != 0) return failed;
            ref BlockDriverReply reply = ref message.Payload<BlockDriverReply>();
            return reply.Id == id ? reply.Result : -(int)Errno.EIO;
        }
    }
}
