using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.FileSystems.Iso9660
{
    // A volume's medium on a block device: Abi/BlockDriverRequests.cs by SENDREC to its driver,
    // the bytes through a grant of the caller's buffer made out to the driver for the one
    // request. A driver that died meanwhile (EDEADSRCDST: RS restarts it, with the same
    // endpoint) is opened again and asked again, a few times; any other failure, a short count
    // or a reply that is not this request's is EIO.
    internal sealed class BlockDeviceMedium : IBlockMedium
    {
        private const int Attempts = 3;
        private int _driver = Endpoint.None, _minor, _nextId = 1;

        public long Attach(int driver, int minor)
        {
            _driver = driver;
            _minor = minor;
            return OpenClose(BlockDriverRequests.Open);
        }

        public void Detach()
        {
            OpenClose(BlockDriverRequests.Close);
            _driver = Endpoint.None;
        }

        public long ReadBlocks(ulong block, Span<byte> into)
        {
            if (_driver == Endpoint.None) return -(long)LinuxErrno.EIO;
            int grant = GrantTable.GrantWritable(_driver, into);
            if (grant < 0) return -(long)LinuxErrno.ENOMEM;
            long result = -(long)LinuxErrno.EIO;
            for (int attempt = 0; attempt < Attempts; attempt++)
            {
                Message message = default;
                message.Type = BlockDriverRequests.Read;
                ref BlockDriverTransfer request = ref message.Payload<BlockDriverTransfer>();
                request.Minor = _minor;
                request.Grant = grant;
                request.Position = block << IsoBlocks.Shift;
                request.Length = (ulong)into.Length;
                long moved = Call(ref message, request.Id = _nextId++);
                if (moved == -(int)Errno.EDEADSRCDST && OpenClose(BlockDriverRequests.Open) == 0) continue;
                result = moved == into.Length ? 0 : -(long)LinuxErrno.EIO;
                break;
            }
            GrantTable.Revoke(grant);
            return result;
        }

        private long OpenClose(int type)
        {
            Message message = default;
            message.Type = type;
            ref BlockDriverOpenClose request = ref message.Payload<BlockDriverOpenClose>();
            request.Minor = _minor;
            request.Access = type == BlockDriverRequests.Open ? BlockAccess.Read : 0;
            return Call(ref message, request.Id = _nextId++);
        }

        private long Call(ref Message message, int id)
        {
            int failed = Syscalls.Request(_driver, ref message, BlockDriverRequests.Reply);
            if (failed != 0) return failed;
            ref BlockDriverReply reply = ref message.Payload<BlockDriverReply>();
            return reply.Id == id ? reply.Result : -(long)LinuxErrno.EIO;
        }
    }
}
