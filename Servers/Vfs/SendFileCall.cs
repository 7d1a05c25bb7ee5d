using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // sendfile: a file system's file copied to another descriptor without passing through the
    // program: read by its server into VFS's buffer (a grant of it), then written from there into
    // a pipe's ring, another file (its server reads the buffer), /dev/null or the console. Other
    // destinations are EINVAL, which programs answer by reading and writing themselves.
    public static class SendFileCall
    {
        private const int Chunk = 65536;
        private static readonly byte[] s_buffer = new byte[Chunk];

        public static long Handle(int record, long outFd, long inFd, ulong offsetAddress, ulong count)
        {
            int source = Descriptors.FileOf(record, inFd), target = Descriptors.FileOf(record, outFd);
            if (source < 0 || target < 0) return -EBADF;
            if (!OpenFiles.IsReadable(source) || !OpenFiles.IsWritable(target)) return -EBADF;
            ref OpenFile input = ref OpenFiles.At(source);
            ref OpenFile output = ref OpenFiles.At(target);
            ref Vnode from = ref Vnodes.At(input.Vnode);
            ref Vnode to = ref Vnodes.At(output.Vnode);
            if (!FileModes.IsRegular(from.Mode) || (output.Flags & OpenFlags.Append) != 0) return -EINVAL;
            bool toPipe = to.Pipe >= 0, toFile = FileModes.IsRegular(to.Mode);
            bool toDevice = FileModes.IsCharDevice(to.Mode) && (IsNull(to.SpecialDevice) || (CharDevices.IsTerminal(to.SpecialDevice) && Terminals.Driver() == Endpoint.None));
            if (!toPipe && !toFile && !toDevice) return -EINVAL;
            int endpoint = Processes.At(record).Endpoint;
            long position = input.Position;
            Span<byte> offsetBytes = stackalloc byte[8];
            if (offsetAddress != 0)
            {
                if (new ProcessSlice<Readable>(endpoint, offsetAddress, 8).CopyTo(offsetBytes) != 0) return -EFAULT;
                position = System.Buffers.Binary.BinaryPrimitives.ReadInt64LittleEndian(offsetBytes);
                if (position < 0) return -EINVAL;
            }
            if (count > 0x7FFFF000) count = 0x7FFFF000;
            long total = 0;
            while ((ulong)total < count)
            {
                int want = (int)Math.Min((ulong)Chunk, count - (ulong)total);
                if (toPipe)
                {
                    int room = Pipes.Room(to.Pipe);
                    if (room == 0 || Pipes.At(to.Pipe).Readers == 0)
                    {
                        if (total > 0) break;
                        if (Pipes.At(to.Pipe).Readers == 0)
                        {
                            Signals.BrokenPipe(endpoint);
                            return -EPIPE;
                        }
                        if ((output.Flags & OpenFlags.NonBlocking) != 0) return -EAGAIN;
                        return Suspensions.Hold(record, HeldKinds.PipeWrite, output.Vnode);
                    }
                    want = Math.Min(want, room);
                }
                long read = ReadInto(from.Server, from.Inode, (ulong)position, want);
                if (read < 0) return total > 0 ? total : read;
                if (read == 0) break;
                ReadOnlySpan<byte> bytes = s_buffer.AsSpan(0, (int)read);
                long written = toPipe ? Pipes.Put(to.Pipe, output.Vnode, bytes)
                             : toFile ? WriteFrom(in to, (ulong)output.Position, bytes)
                             : IsNull(to.SpecialDevice) ? bytes.Length : Terminals.ConsoleWrite(bytes);
                if (written < 0) return total > 0 ? total : written;
                if (toFile) output.Position += written;
                position += written;
                total += written;
                if (written < read) break;
            }
            if (offsetAddress != 0)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(offsetBytes, position);
                if (new ProcessSlice<Writable>(endpoint, offsetAddress, 8).CopyFrom(offsetBytes) != 0) return -EFAULT;
            }
            else input.Position = position;
            return total;
        }

        private static bool IsNull(ulong device) => DeviceNumbers.Major(device) == MemoryDevices.Major && DeviceNumbers.Minor(device) == MemoryDevices.Null;

        private static long ReadInto(int server, ulong inode, ulong position, int length)
        {
            int grant = GrantTable.GrantWritable(server, s_buffer.AsSpan(0, length));
            if (grant < 0) return -ENOMEM;
            long read = FileServers.Data(server, FsRequests.Read, inode, position, (ulong)length, grant, 0, out _);
            GrantTable.Revoke(grant);
            return read;
        }

        private static long WriteFrom(in Vnode to, ulong position, ReadOnlySpan<byte> bytes)
        {
            int grant = GrantTable.GrantReadable(to.Server, bytes);
            if (grant < 0) return -ENOMEM;
            long written = FileServers.Data(to.Server, FsRequests.Write, to.Inode, position, (ulong)bytes.Length, grant, 0, out FsReply reply);
            GrantTable.Revoke(grant);
            if (written > 0)
            {
                int index = Vnodes.Find(to.Server, to.Inode);
                if (index >= 0) Vnodes.At(index).Size = reply.Size;
            }
            return written;
        }
    }
}
