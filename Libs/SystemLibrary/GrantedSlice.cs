using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lunix.Abi;

namespace Lunix.SystemLibrary
{
    // A range of another process's memory that it granted to this one (MINIX's grant id with an
    // offset and a length), with the access this program makes in the type, as the kernel's
    // UserSlice: only a GrantedSlice<Readable> is copied from, only a GrantedSlice<Writable>
    // copied to. A server reaches its clients' memory only this way. The kernel checks the grant
    // at every copy (SAFECOPYFROM / SAFECOPYTO: valid, made out to this program, the right given,
    // the range inside it), and its refusal comes back as the result: 0 or a negated Errno.
    public readonly struct GrantedSlice<TAccess> where TAccess : struct
    {
        public readonly int Owner;          // the process that made the grant
        public readonly int Grant;          // its id in the owner's grant table
        public readonly ulong Offset;       // where the slice starts in the grant
        public readonly ulong Length;

        public GrantedSlice(int owner, int grant, ulong offset, ulong length)
        {
            Owner = owner;
            Grant = grant;
            Offset = offset;
            Length = length;
        }
    }

    public struct Readable { }
    public struct Writable { }

    public static unsafe class GrantedSliceCopy
    {
        // The whole slice into the start of `destination`; EINVAL when it does not fit.
        public static int CopyTo(this GrantedSlice<Readable> source, Span<byte> destination)
        {
            if (source.Length > (ulong)destination.Length) return -(int)Errno.EINVAL;
            return Syscalls.SafeCopyFrom(source.Owner, source.Grant, source.Offset, At(destination), source.Length);
        }

        // All of `source` to the start of the slice; EINVAL when it does not fit.
        public static int CopyFrom(this GrantedSlice<Writable> destination, ReadOnlySpan<byte> source)
        {
            if ((ulong)source.Length > destination.Length) return -(int)Errno.EINVAL;
            return Syscalls.SafeCopyTo(destination.Owner, destination.Grant, destination.Offset, At(source), (ulong)source.Length);
        }

        // The span's first byte, even for an empty span (a copy of nothing goes to the kernel as
        // one, with its grant checked).
        private static void* At(ReadOnlySpan<byte> bytes) => Unsafe.AsPointer(ref MemoryMarshal.GetReference(bytes));
    }
}
