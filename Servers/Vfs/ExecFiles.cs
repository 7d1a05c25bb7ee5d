using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Vfs
{
    // PM's execve: a program file found by its path and handed to PM (and through it to EXEC) as
    // a read grant of its bytes, so that the kernel copies the segments straight from here.
    internal static class ExecFiles
    {
        private const int PathMax = 4096;                   // Linux's PATH_MAX, its NUL included
        private const uint TypeMask = 0xF000, Regular = 0x8000, AnyExecute = 0x49;

        public static long Open(int caller, in VfsExecOpen request, out int grant)
        {
            grant = -1;
            if (request.PathLength <= 0) return -(long)LinuxErrno.ENOENT;
            if (request.PathLength >= PathMax) return -(long)LinuxErrno.ENAMETOOLONG;
            Span<byte> bytes = stackalloc byte[request.PathLength];
            if (new ProcessSlice<Readable>(caller, request.PathAddress, (ulong)request.PathLength).CopyTo(bytes) != 0) return -(long)LinuxErrno.EFAULT;
            Span<char> path = stackalloc char[bytes.Length];
            for (int i = 0; i < bytes.Length; i++) path[i] = (char)bytes[i];
            if (!RootArchive.Archive.Find(path, out CpioArchive.Entry entry)) return -(long)LinuxErrno.ENOENT;
            if ((entry.Mode & TypeMask) != Regular || (entry.Mode & AnyExecute) == 0) return -(long)LinuxErrno.EACCES;
            grant = GrantTable.GrantReadable(caller, RootArchive.Bytes(entry.DataOffset, entry.DataLength));
            return grant < 0 ? grant : entry.DataLength;
        }

        public static long Release(in VfsRelease request)
        {
            GrantTable.Revoke(request.Grant);
            return 0;
        }
    }
}
