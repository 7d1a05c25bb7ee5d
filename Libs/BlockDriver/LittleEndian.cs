using System;

namespace Lunix.BlockDriver
{
    // On-disk numbers (MBR, GPT, ATA IDENTIFY, SCSI replies are big-endian: BigEndian below).
    public static class LittleEndian
    {
        public static ushort U16(ReadOnlySpan<byte> b, int at) => (ushort)(b[at] | b[at + 1] << 8);
        public static uint U32(ReadOnlySpan<byte> b, int at) => (uint)(b[at] | b[at + 1] << 8 | b[at + 2] << 16 | b[at + 3] << 24);
        public static ulong U64(ReadOnlySpan<byte> b, int at) => U32(b, at) | (ulong)U32(b, at + 4) << 32;
    }

    public static class BigEndian
    {
        public static uint U32(ReadOnlySpan<byte> b, int at) => (uint)(b[at] << 24 | b[at + 1] << 16 | b[at + 2] << 8 | b[at + 3]);
    }
}
