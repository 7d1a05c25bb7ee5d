using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.FileSystem
{
    // A file's bytes a run at a time (a file system's read path).
    public interface IFileRuns
    {
        // Up to `length` bytes from `position`: the count (0 at the end) or a negated errno.
        long ReadRun(ulong position, ulong length, out ReadOnlySpan<byte> run);
    }

    // EXEC's read grants of whole files (FsRequests.GrantFile, ReleaseGrant) for file systems
    // on media: the file is read into memory of its own (VM's demand-zero pages) and granted in
    // one piece to the endpoint PM names, until ReleaseGrant unmaps it. Eight at once.
    public static unsafe class WholeFileGrants
    {
        private const int Capacity = 8;
        private static readonly int[] s_grants = new int[Capacity];
        private static readonly ulong[] s_addresses = new ulong[Capacity];
        private static readonly ulong[] s_lengths = new ulong[Capacity];

        // The file's `size` bytes from `file` granted to `endpoint`: the length, `grant` the
        // grant's id; ENOMEM when none is free, a read's error as it came.
        public static long Grant<TFile>(ref TFile file, ulong size, int endpoint, out int grant) where TFile : struct, IFileRuns
        {
            grant = -1;
            if (size == 0 || size > int.MaxValue) return -(long)LinuxErrno.ENOEXEC;
            int free = 0;
            while (free < Capacity && s_lengths[free] != 0) free++;
            if (free == Capacity) return -(long)LinuxErrno.ENOMEM;
            long address = VirtualMemory.Map(size, VmProtection.Writable);
            if (address < 0) return -(long)LinuxErrno.ENOMEM;
            var bytes = new Span<byte>((void*)address, (int)size);
            for (int done = 0; done < bytes.Length;)
            {
                long read = file.ReadRun((ulong)done, (ulong)(bytes.Length - done), out ReadOnlySpan<byte> run);
                if (read <= 0)
                {
                    VirtualMemory.Unmap((ulong)address, size);
                    return read < 0 ? read : -(long)LinuxErrno.EIO;
                }
                run.CopyTo(bytes.Slice(done));
                done += (int)read;
            }
            grant = GrantTable.GrantReadable(endpoint, bytes);
            if (grant < 0)
            {
                VirtualMemory.Unmap((ulong)address, size);
                return -(long)LinuxErrno.ENOMEM;
            }
            s_grants[free] = grant;
            s_addresses[free] = (ulong)address;
            s_lengths[free] = size;
            return bytes.Length;
        }

        public static long Release(int grant)
        {
            for (int i = 0; i < Capacity; i++)
            {
                if (s_lengths[i] == 0 || s_grants[i] != grant) continue;
                GrantTable.Revoke(grant);
                VirtualMemory.Unmap(s_addresses[i], s_lengths[i]);
                s_lengths[i] = 0;
                return 0;
            }
            return -(long)LinuxErrno.EINVAL;
        }
    }
}
