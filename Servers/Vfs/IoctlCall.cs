using System;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // ioctl (MINIX's do_ioctl): the generic requests answered here (FIONBIO, FIOCLEX, FIONCLEX,
    // FIONREAD of pipes and files), a terminal's forwarded to its driver, anything else ENOTTY.
    public static class IoctlCall
    {
        public static long Handle(int record, long fd, uint request, ulong argument)
        {
            int file = Descriptors.FileOf(record, fd);
            if (file < 0) return -EBADF;
            ref OpenFile open = ref OpenFiles.At(file);
            ref Vnode vnode = ref Vnodes.At(open.Vnode);
            int endpoint = Processes.At(record).Endpoint;
            switch (request)
            {
                case Ioctls.Fionbio:
                {
                    Span<byte> value = stackalloc byte[4];
                    if (new ProcessSlice<Readable>(endpoint, argument, 4).CopyTo(value) != 0) return -EFAULT;
                    if (System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(value) != 0) open.Flags |= OpenFlags.NonBlocking;
                    else open.Flags &= ~OpenFlags.NonBlocking;
                    return 0;
                }
                case Ioctls.Fioclex:
                case Ioctls.Fionclex:
                    Descriptors.Table.SetCloseOnExec(record, (int)fd, request == Ioctls.Fioclex);
                    return 0;
                case Ioctls.Fionread when vnode.Pipe >= 0:
                    return WriteInt(endpoint, argument, Pipes.At(vnode.Pipe).Length);
                case Ioctls.Fionread when FileModes.IsRegular(vnode.Mode):
                    return WriteInt(endpoint, argument, (int)Math.Max(0, Math.Min(int.MaxValue, (long)vnode.Size - open.Position)));
            }
            if (FileModes.IsCharDevice(vnode.Mode) && CharDevices.IsFramebuffer(vnode.SpecialDevice))
                return Framebuffers.Ioctl(record, request, argument);
            if (FileModes.IsCharDevice(vnode.Mode) && CharDevices.IsTerminal(vnode.SpecialDevice))
                return Terminals.Ioctl(record, Terminals.DriverMinor(vnode.SpecialDevice), request, argument);
            if (FileModes.IsBlockDevice(vnode.Mode)) return BlockDevices.Ioctl(record, vnode.SpecialDevice, request, argument);
            return -ENOTTY;
        }

        private static long WriteInt(int endpoint, ulong address, int value)
        {
            Span<byte> bytes = stackalloc byte[4];
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
            return new ProcessSlice<Writable>(endpoint, address, 4).CopyFrom(bytes) == 0 ? 0 : -EFAULT;
        }
    }
}
