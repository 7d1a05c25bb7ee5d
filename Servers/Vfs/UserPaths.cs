using System;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Vfs
{
    // A program's NUL-ended path copied into VFS's path buffer: at most to the end of a page at a
    // time, so that a path near the end of its memory is read without touching what follows, and
    // first only FirstChunk bytes, since most paths are short and copying a page's worth of what
    // follows one costs more than the rest of a stat. The length, or -EFAULT, -ENAMETOOLONG
    // (PATH_MAX with its NUL), -ENOENT for "".
    public static class UserPaths
    {
        private const ulong PageSize = 4096;
        private const ulong FirstChunk = 128;

        public static int Copy(int process, ulong address, int offset, bool emptyAllowed = false)
        {
            Span<byte> into = FileServers.PathBuffer.AsSpan(offset, FileLimits.PathMax);
            int done = 0;
            while (done < into.Length)
            {
                ulong at = address + (ulong)done;
                ulong most = done == 0 ? FirstChunk : PageSize;
                int chunk = (int)Math.Min(Math.Min(most, PageSize - at % PageSize), (ulong)(into.Length - done));
                if (new ProcessSlice<Readable>(process, at, (ulong)chunk).CopyTo(into.Slice(done, chunk)) != 0) return -(int)LinuxErrno.EFAULT;
                int nul = into.Slice(done, chunk).IndexOf((byte)0);
                if (nul >= 0)
                {
                    int length = done + nul;
                    return length == 0 && !emptyAllowed ? -(int)LinuxErrno.ENOENT : length;
                }
                done += chunk;
            }
            return -(int)LinuxErrno.ENAMETOOLONG;
        }
    }
}
