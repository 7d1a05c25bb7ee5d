using System;

namespace Lunix.FileSystems.Iso9660
{
    // One directory record (ECMA-119 9.1), its fields checked against the volume: the record fits
    // its block, its name and system-use area fit the record, both halves of every both-endian
    // field agree, its extent lies inside the volume. A record never crosses a block; a length
    // byte of 0 means the rest of the block is padding.
    public struct DirectoryRecord
    {
        public const int FixedSize = 33;
        public const byte Hidden = 1, IsDirectory = 2, Associated = 4, MultiExtent = 0x80;

        public int Length;
        public uint DataBlock;              // the extent's first block after its extended attribute record
        public uint Size;                   // bytes of this extent
        public byte Flags;
        public bool Interleaved;            // file unit size or gap set (ECMA-119 6.4.2): refused on read
        public long Seconds;                // the recording date
        public int NameStart, NameLength;   // in the record
        public int SystemUseStart, SystemUseLength;

        public bool Directory => (Flags & IsDirectory) != 0;

        // The record at the start of `at` (the rest of its block). Null when `problem` says why not.
        public static string Parse(ReadOnlySpan<byte> at, ulong volumeBlocks, out DirectoryRecord record)
        {
            record = default;
            if (at.Length < FixedSize + 1) return "directory record runs past its block";
            int length = at[0];
            if (length < FixedSize + 1) return "directory record shorter than its fixed part";
            if (length > at.Length) return "directory record runs past its block";
            int extendedAttributes = at[1];
            if (!BothEndian.Read32(at.Slice(2), out uint extent) || !BothEndian.Read32(at.Slice(10), out uint size)
                || !BothEndian.Read16(at.Slice(28), out _))
                return "directory record's both-endian fields disagree";
            int nameLength = at[32];
            if (FixedSize + nameLength > length) return "directory record's name runs past the record";
            ulong dataBlock = (ulong)extent + (ulong)extendedAttributes;
            ulong blocks = ((ulong)size + IsoBlocks.Size - 1) >> IsoBlocks.Shift;
            if (size > 0 && (dataBlock >= volumeBlocks || blocks > volumeBlocks - dataBlock)) return "extent lies outside the volume";
            record.Length = length;
            record.DataBlock = (uint)dataBlock;
            record.Size = size;
            record.Flags = at[25];
            record.Interleaved = at[26] != 0 || at[27] != 0;
            record.Seconds = IsoTime.FromShort(at.Slice(18, IsoTime.ShortSize));
            record.NameStart = FixedSize;
            record.NameLength = nameLength;
            int systemUse = FixedSize + nameLength + ((nameLength & 1) == 0 ? 1 : 0);   // a pad byte after an even name
            record.SystemUseStart = Math.Min(systemUse, length);
            record.SystemUseLength = length - record.SystemUseStart;
            return null;
        }

        // "." and ".." are the one-byte names 0 and 1 (ECMA-119 6.8.2.2).
        public static bool IsSelf(ReadOnlySpan<byte> name) => name.Length == 1 && name[0] == 0;
        public static bool IsParent(ReadOnlySpan<byte> name) => name.Length == 1 && name[0] == 1;
    }
}
