using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // A range of a client's memory by its own address, for the POSIX servers, whose clients hand
    // them plain pointers (a path, a stat buffer) rather than grants: copied with VIRCOPY, which
    // only PM, VFS and VM may call. The access this server makes is in the type, as for
    // GrantedSlice and the kernel's UserSlice. Results: 0 or a negated Errno (EFAULT for memory
    // the client does not have).
    public readonly struct ProcessSlice<TAccess> where TAccess : struct
    {
        public readonly int Process;
        public readonly ulong Address;
        public readonly ulong Length;

        public ProcessSlice(int process, ulong address, ulong length)
        {
            Process = process;
            Address = address;
            Length = length;
        }
    }

    public static unsafe class ProcessSliceCopy
    {
        // The whole slice into the start of `destination`; EINVAL when it does not fit.
        public static int CopyTo(this ProcessSlice<Readable> source, Span<byte> destination)
        {
            if (source.Length > (ulong)destination.Length) return -(int)Errno.EINVAL;
            return Copy(source.Process, source.Address, Endpoint.Self, (ulong)At(destination), source.Length);
        }

        // All of `source` to the start of the slice; EINVAL when it does not fit.
        public static int CopyFrom(this ProcessSlice<Writable> destination, ReadOnlySpan<byte> source)
        {
            if ((ulong)source.Length > destination.Length) return -(int)Errno.EINVAL;
            return Copy(Endpoint.Self, (ulong)At(source), destination.Process, destination.Address, (ulong)source.Length);
        }

        // The whole slice to the start of another process's slice, in one copy that does not pass
        // through this server (a pipe's bytes from the writer to the reader waiting for them);
        // EINVAL when it does not fit. EFAULT does not say which side's memory failed.
        public static int CopyTo(this ProcessSlice<Readable> source, ProcessSlice<Writable> destination)
        {
            if (source.Length > destination.Length) return -(int)Errno.EINVAL;
            return Copy(source.Process, source.Address, destination.Process, destination.Address, source.Length);
        }

        private static int Copy(int source, ulong sourceAddress, int destination, ulong destinationAddress, ulong length) =>
            (int)Syscalls.KernelCall(KernelCalls.VirCopy, VirCopyEndpoints.Pack(source, destination), (long)sourceAddress, (long)destinationAddress, (long)length);

        private static void* At(ReadOnlySpan<byte> bytes) => Unsafe.AsPointer(ref MemoryMarshal.GetReference(bytes));
    }
}
