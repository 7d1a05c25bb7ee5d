using System;
using System.Buffers.Binary;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Vfs
{
    // The file calls of POSIX processes, one case each. What VFS does not serve yet is -ENOSYS.
    internal static class PosixCalls
    {
        private const long Tcgets = 0x5401, Tiocgwinsz = 0x5413;

        public static long Handle(int caller, in PosixCall call)
        {
            switch (call.Number)
            {
                case LinuxCalls.Write:
                    return ConsoleFiles.IsConsole(call.A0) ? ConsoleFiles.Write(caller, (ulong)call.A1, (ulong)call.A2) : -(long)LinuxErrno.EBADF;
                case LinuxCalls.Writev:
                    return ConsoleFiles.IsConsole(call.A0) ? WriteVector(caller, (ulong)call.A1, call.A2) : -(long)LinuxErrno.EBADF;
                case LinuxCalls.Read:
                    return ConsoleFiles.IsConsole(call.A0) ? 0 : -(long)LinuxErrno.EBADF;
                case LinuxCalls.Close:
                    return ConsoleFiles.IsConsole(call.A0) ? 0 : -(long)LinuxErrno.EBADF;
                case LinuxCalls.Ioctl:
                    // The console is not a terminal yet: no termios, no window size.
                    return ConsoleFiles.IsConsole(call.A0) && (call.A1 == Tcgets || call.A1 == Tiocgwinsz) ? -(long)LinuxErrno.ENOTTY : -(long)LinuxErrno.EBADF;
                default:
                    return -(long)LinuxErrno.ENOSYS;
            }
        }

        // writev: each iovec {base, length} of the caller's array written in turn.
        private static long WriteVector(int caller, ulong vector, long count)
        {
            const int IovMax = 1024;
            if (count < 0 || count > IovMax) return -(long)LinuxErrno.EINVAL;
            Span<byte> entry = stackalloc byte[16];
            long total = 0;
            for (long i = 0; i < count; i++)
            {
                if (new ProcessSlice<Readable>(caller, vector + (ulong)i * 16, 16).CopyTo(entry) != 0) return total > 0 ? total : -(long)LinuxErrno.EFAULT;
                ulong length = BinaryPrimitives.ReadUInt64LittleEndian(entry.Slice(8));
                long written = ConsoleFiles.Write(caller, BinaryPrimitives.ReadUInt64LittleEndian(entry), length);
                if (written < 0) return total > 0 ? total : written;
                total += written;
            }
            return total;
        }
    }
}
