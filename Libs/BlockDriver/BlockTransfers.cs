using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.BlockDriver
{
    // Read, Write, Gather and Scatter (MINIX's do_rdwt and do_vrdwt): the request checked, cut
    // at the partition's end, then moved through one buffer a chunk at a time between the drive
    // and the client's grants. Whole or nothing: the result is the count the rules allow, or the
    // first failure's errno (a write that failed half way has written a part, but no caller is
    // told a part was done).
    internal static class BlockTransfers
    {
        public const int ChunkBytes = BlockDevice.ChunkBytes;
        private static readonly byte[] s_chunk = new byte[ChunkBytes];
        private static readonly BlockVectorElement[] s_vector = new BlockVectorElement[BlockDriverRequests.MaxVector];

        public static unsafe long Serve(BlockDevice device, int client, ref BlockDriverTransfer request, bool write, bool vectored)
        {
            int bad = OpenDrives.Find(request.Minor, out int drive, out DriveFacts facts, out Partition extent);
            if (bad != 0) return bad;
            int count = 1;
            ulong length = request.Length;
            if (vectored)
            {
                bad = TransferRules.VectorSize(request.Length);
                if (bad != 0) return bad;
                count = (int)request.Length;
                fixed (BlockVectorElement* vector = s_vector)
                    bad = Syscalls.SafeCopyFrom(client, request.Grant, 0, vector, (ulong)(count * sizeof(BlockVectorElement)));
                if (bad != 0) return -(int)LinuxErrno.EFAULT;
                length = 0;
                for (int i = 0; i < count; i++)
                {
                    if (s_vector[i].Length % (ulong)facts.SectorSize != 0 || s_vector[i].Length > ulong.MaxValue - length) return -(int)LinuxErrno.EINVAL;
                    length += s_vector[i].Length;
                }
            }
            else s_vector[0] = new BlockVectorElement { Grant = request.Grant, Length = request.Length };
            bad = TransferRules.Cut(request.Position, length, facts.SectorSize, extent.Sectors, out ulong moved);
            if (bad != 0) return bad;
            ulong sector = extent.Start + request.Position / (ulong)facts.SectorSize;
            ulong left = moved;
            for (int i = 0; i < count && left > 0; i++)
            {
                ulong part = Math.Min(s_vector[i].Length, left);
                for (ulong done = 0; done < part;)
                {
                    int bytes = (int)Math.Min((ulong)ChunkBytes, part - done);
                    Span<byte> chunk = s_chunk.AsSpan(0, bytes);
                    int failed = write ? Take(client, s_vector[i].Grant, done, chunk) : device.Read(drive, sector, chunk);
                    if (failed == 0) failed = write ? device.Write(drive, sector, chunk) : Give(client, s_vector[i].Grant, done, chunk);
                    if (failed != 0) return failed;
                    done += (ulong)bytes;
                    sector += (ulong)(bytes / facts.SectorSize);
                }
                left -= part;
            }
            return (long)moved;
        }

        private static int Take(int client, int grant, ulong offset, Span<byte> chunk) =>
            new GrantedSlice<Readable>(client, grant, offset, (ulong)chunk.Length).CopyTo(chunk) == 0 ? 0 : -(int)LinuxErrno.EFAULT;

        private static int Give(int client, int grant, ulong offset, Span<byte> chunk) =>
            new GrantedSlice<Writable>(client, grant, offset, (ulong)chunk.Length).CopyFrom(chunk) == 0 ? 0 : -(int)LinuxErrno.EFAULT;
    }
}
