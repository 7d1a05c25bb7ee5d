using System;
using Lunix.Abi.Linux;

namespace Lunix.Drivers.Storage.Ata
{
    // The physical region descriptor table an IDE bus master walks (SFF-8038i, 2.2): 8-byte
    // entries, each a 32-bit physical address, a 16-bit byte count (0 meaning 64 KiB) and, in
    // the last entry, the end-of-table bit. No region may cross a 64 KiB boundary (the
    // controller's address counter carries only into its low 16 bits), so a buffer is cut at
    // every one. Pure bytes over a span, so the hosted tests check it.
    public static class PrdTable
    {
        public const int EntryBytes = 8;
        private const ulong Boundary = 64 * 1024;
        private const ulong Limit = 1ul << 32;          // the controller's addresses are 32 bits
        private const ushort EndOfTable = 0x8000;

        // The entries for `length` bytes of physically contiguous memory at `physical`: how
        // many were written, or -EINVAL for a length that is not positive or odd, or memory that
        // is odd or not wholly below 4 GiB, and -E2BIG for more entries than `table` holds.
        public static int Write(Span<byte> table, ulong physical, int length)
        {
            if (length <= 0 || (length & 1) != 0 || (physical & 1) != 0 || physical >= Limit || (ulong)length > Limit - physical)
                return -(int)LinuxErrno.EINVAL;
            ulong end = physical + (ulong)length;
            int count = (int)((end - 1) / Boundary - physical / Boundary) + 1;
            if (count * EntryBytes > table.Length) return -(int)LinuxErrno.E2BIG;
            ulong at = physical;
            for (int i = 0; i < count; i++)
            {
                ulong next = Math.Min(end, (at / Boundary + 1) * Boundary);
                Span<byte> entry = table.Slice(i * EntryBytes, EntryBytes);
                WriteU32(entry, 0, (uint)at);
                WriteU16(entry, 4, (ushort)(next - at));        // 64 KiB is written as 0
                WriteU16(entry, 6, i == count - 1 ? EndOfTable : (ushort)0);
                at = next;
            }
            return count;
        }

        private static void WriteU32(Span<byte> into, int at, uint value)
        {
            WriteU16(into, at, (ushort)value);
            WriteU16(into, at + 2, (ushort)(value >> 16));
        }

        private static void WriteU16(Span<byte> into, int at, ushort value)
        {
            into[at] = (byte)value;
            into[at + 1] = (byte)(value >> 8);
        }
    }
}
