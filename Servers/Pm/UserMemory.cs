using System;
using System.Buffers.Binary;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // A POSIX process's memory as PM's calls read and write it (VIRCOPY through ProcessSlice):
    // results are 0 or a negated Linux errno, -EFAULT for memory the process does not have.
    internal static class UserMemory
    {
        private const int PageSize = 4096;
        private static readonly long Fault = -(long)LinuxErrno.EFAULT;

        public static long Read(int endpoint, ulong address, Span<byte> into) =>
            new ProcessSlice<Readable>(endpoint, address, (ulong)into.Length).CopyTo(into) == 0 ? 0 : Fault;

        public static long Write(int endpoint, ulong address, ReadOnlySpan<byte> from) =>
            new ProcessSlice<Writable>(endpoint, address, (ulong)from.Length).CopyFrom(from) == 0 ? 0 : Fault;

        public static long ReadUInt64(int endpoint, ulong address, out ulong value)
        {
            Span<byte> bytes = stackalloc byte[8];
            long read = Read(endpoint, address, bytes);
            value = read == 0 ? BinaryPrimitives.ReadUInt64LittleEndian(bytes) : 0;
            return read;
        }

        public static long ReadUInt32(int endpoint, ulong address, out uint value)
        {
            Span<byte> bytes = stackalloc byte[4];
            long read = Read(endpoint, address, bytes);
            value = read == 0 ? BinaryPrimitives.ReadUInt32LittleEndian(bytes) : 0;
            return read;
        }

        public static long WriteUInt64(int endpoint, ulong address, ulong value)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
            return Write(endpoint, address, bytes);
        }

        public static long WriteInt32(int endpoint, ulong address, int value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
            return Write(endpoint, address, bytes);
        }

        // Two 64-bit words: a timespec (seconds, nanoseconds), a timeval, an rlimit.
        public static long ReadPair(int endpoint, ulong address, out long first, out long second)
        {
            Span<byte> bytes = stackalloc byte[16];
            long read = Read(endpoint, address, bytes);
            first = read == 0 ? BinaryPrimitives.ReadInt64LittleEndian(bytes) : 0;
            second = read == 0 ? BinaryPrimitives.ReadInt64LittleEndian(bytes.Slice(8)) : 0;
            return read;
        }

        public static long WritePair(int endpoint, ulong address, long first, long second)
        {
            Span<byte> bytes = stackalloc byte[16];
            BinaryPrimitives.WriteInt64LittleEndian(bytes, first);
            BinaryPrimitives.WriteInt64LittleEndian(bytes.Slice(8), second);
            return Write(endpoint, address, bytes);
        }

        // A NUL-ended string of the process into `into`, without its NUL: its length, -EFAULT,
        // or `tooLong` when no NUL comes within into.Length bytes. Read a page at a time, so a
        // string that ends just before an unmapped page is read whole.
        public static long ReadString(int endpoint, ulong address, Span<byte> into, LinuxErrno tooLong)
        {
            int done = 0;
            while (done < into.Length)
            {
                ulong at = address + (ulong)done;
                int chunk = Math.Min(into.Length - done, PageSize - (int)(at & (PageSize - 1)));
                Span<byte> piece = into.Slice(done, chunk);
                if (Read(endpoint, at, piece) != 0) return Fault;
                int end = ((ReadOnlySpan<byte>)piece).IndexOf((byte)0);
                if (end >= 0) return done + end;
                done += chunk;
            }
            return -(long)tooLong;
        }
    }
}
