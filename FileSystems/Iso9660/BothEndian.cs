using System;
using System.Buffers.Binary;

namespace Lunix.FileSystems.Iso9660
{
    // ECMA-119's numbers (7.2.3, 7.3.3): 16- and 32-bit fields written twice, little-endian then
    // big-endian. A medium whose two halves disagree is damaged; the caller reports it.
    public static class BothEndian
    {
        // The 32-bit value at `field` (8 bytes), false when its halves disagree or it is short.
        public static bool Read32(ReadOnlySpan<byte> field, out uint value)
        {
            value = 0;
            if (field.Length < 8) return false;
            value = BinaryPrimitives.ReadUInt32LittleEndian(field);
            return value == BinaryPrimitives.ReadUInt32BigEndian(field.Slice(4));
        }

        public static bool Read16(ReadOnlySpan<byte> field, out ushort value)
        {
            value = 0;
            if (field.Length < 4) return false;
            value = BinaryPrimitives.ReadUInt16LittleEndian(field);
            return value == BinaryPrimitives.ReadUInt16BigEndian(field.Slice(2));
        }
    }
}
