using System;
using Lunix.Abi.Linux;

namespace Lunix.FileSystems.Ext2
{
    // Directory entries (Linux's struct ext2_dir_entry_2): inode, record length, name length,
    // file type (a name length's high byte without the filetype feature), the name; records
    // fill each block, none crosses one. Directories are read linearly: an indexed (dir_index)
    // directory's tree blocks read as empty records, and a change clears its index flag, as
    // Linux's ext2 does. Every record is checked before use.
    public struct DirectoryEntry
    {
        public uint Inode;
        public byte FileType;           // ext2's (EXT2_FT_*), 0 when the volume has none
        public ulong Offset;            // the record's byte in the directory
        public ulong Next;              // the byte after it
        public int NameLength;          // the name is in Ext2Volume.EntryName
    }

    public sealed unsafe partial class Ext2Volume
    {
        private readonly byte[] _entryName = new byte[FileLimits.NameMax];

        // The last entry NextEntry gave: its name.
        public ReadOnlySpan<byte> EntryName(in DirectoryEntry entry) => _entryName.AsSpan(0, entry.NameLength);

        public static int RecordFor(int nameLength) => (8 + nameLength + 3) & ~3;

        // The used entry at or after `position` (a record's start): 1 and `position` past it, 0
        // at the end, or an error.
        public long NextEntry(ref Ext2Inode directory, ref ulong position, out DirectoryEntry entry)
        {
            entry = default;
            while (position < directory.Size)
            {
                long got = DirectoryBlock(ref directory, position / (uint)BlockSize, false, out Span<byte> block);
                if (got < 0) return got;
                int at = (int)(position % (uint)BlockSize);
                long checkedRecord = CheckRecord(directory.Number, block, at, out int length, out int nameLength);
                if (checkedRecord < 0) return checkedRecord;
                uint inode = SuperBlock.U32(block, at);
                ulong offset = position;
                position += (uint)length;
                if (inode == 0) continue;
                entry.Inode = inode;
                entry.FileType = FileTypes ? block[at + 7] : (byte)0;
                entry.Offset = offset;
                entry.Next = position;
                entry.NameLength = nameLength;
                block.Slice(at + 8, nameLength).CopyTo(_entryName);
                return 1;
            }
            return 0;
        }

        // The entry named `name`: 1 with it, 0 when there is none, or an error. Each block is
        // fetched once and its records compared in place (a lookup in a directory of a thousand
        // names runs on every create and open of a name it has not cached): only the entry found
        // is copied out.
        public long FindEntry(ref Ext2Inode directory, ReadOnlySpan<byte> name, out DirectoryEntry entry)
        {
            entry = default;
            for (ulong start = 0; start < directory.Size; start += (uint)BlockSize)
            {
                long got = DirectoryBlock(ref directory, start / (uint)BlockSize, false, out Span<byte> block);
                if (got < 0) return got;
                int end = (int)Math.Min((ulong)BlockSize, directory.Size - start);
                for (int at = 0; at < end;)
                {
                    long checkedRecord = CheckRecord(directory.Number, block, at, out int length, out int nameLength);
                    if (checkedRecord < 0) return checkedRecord;
                    uint inode = SuperBlock.U32(block, at);
                    if (inode != 0 && nameLength == name.Length && block.Slice(at + 8, nameLength).SequenceEqual(name))
                    {
                        entry.Inode = inode;
                        entry.FileType = FileTypes ? block[at + 7] : (byte)0;
                        entry.Offset = start + (uint)at;
                        entry.Next = start + (uint)at + (uint)length;
                        entry.NameLength = nameLength;
                        name.CopyTo(_entryName);
                        return 1;
                    }
                    at += length;
                }
            }
            return 0;
        }

        // A directory's first record at or after byte `position` (getdents' positions may be
        // left between records by a change since): the block is walked from its start.
        public long Realign(ref Ext2Inode directory, ref ulong position)
        {
            if (position % (uint)BlockSize == 0 || position >= directory.Size) return 0;
            long got = DirectoryBlock(ref directory, position / (uint)BlockSize, false, out Span<byte> block);
            if (got < 0) return got;
            ulong start = position - position % (uint)BlockSize;
            int at = 0;
            while (start + (uint)at < position)
            {
                long checkedRecord = CheckRecord(directory.Number, block, at, out int length, out _);
                if (checkedRecord < 0) return checkedRecord;
                at += length;
            }
            position = start + (uint)at;
            return 0;
        }

        // A new entry `name` for `inode` in the first record with room, else in a new block.
        public long AddEntry(ref Ext2Inode directory, ReadOnlySpan<byte> name, uint inode, uint mode)
        {
            int need = RecordFor(name.Length);
            ulong blocks = directory.Size / (uint)BlockSize;
            for (ulong b = 0; b < blocks; b++)
            {
                long got = DirectoryBlock(ref directory, b, false, out Span<byte> block);
                if (got < 0) return got;
                for (int at = 0; at < BlockSize;)
                {
                    long checkedRecord = CheckRecord(directory.Number, block, at, out int length, out int nameLength);
                    if (checkedRecord < 0) return checkedRecord;
                    int used = SuperBlock.U32(block, at) == 0 ? 0 : RecordFor(nameLength);
                    if (length - used >= need)
                    {
                        got = DirectoryBlock(ref directory, b, true, out block);         // the same block, now to be written back
                        if (got < 0) return got;
                        if (used > 0)
                        {
                            SuperBlock.SetU16(block, at + 4, (ushort)used);
                            at += used;
                            length -= used;
                        }
                        WriteRecord(block.Slice(at), name, inode, mode, length);
                        return Indexed(ref directory);
                    }
                    at += length;
                }
            }
            long made = Map(ref directory, blocks, true, out uint fresh);
            if (made < 0) return made;
            long zeroed = _cache.Get(fresh, true, out Span<byte> added);
            if (zeroed < 0) return zeroed;
            WriteRecord(added, name, inode, mode, BlockSize);
            directory.Size += (uint)BlockSize;
            return Indexed(ref directory);
        }

        // The entry at `offset` (FindEntry's) removed: its space given to the record before it in
        // the block, or, first in its block, its inode cleared.
        public long RemoveEntry(ref Ext2Inode directory, ulong offset)
        {
            long got = DirectoryBlock(ref directory, offset / (uint)BlockSize, true, out Span<byte> block);
            if (got < 0) return got;
            int target = (int)(offset % (uint)BlockSize), at = 0, previous = -1;
            while (at < target)
            {
                long checkedRecord = CheckRecord(directory.Number, block, at, out int length, out _);
                if (checkedRecord < 0) return checkedRecord;
                previous = at;
                at += length;
            }
            if (at != target) return Corrupt("a directory changed under a removal", directory.Number);
            if (previous < 0) SuperBlock.SetU32(block, at, 0);
            else SuperBlock.SetU16(block, previous + 4, (ushort)(SuperBlock.U16(block, previous + 4) + SuperBlock.U16(block, at + 4)));
            return Indexed(ref directory);
        }

        // The entry at `offset` names `inode` (of `mode`) instead.
        public long RetargetEntry(ref Ext2Inode directory, ulong offset, uint inode, uint mode)
        {
            long got = DirectoryBlock(ref directory, offset / (uint)BlockSize, true, out Span<byte> block);
            if (got < 0) return got;
            int at = (int)(offset % (uint)BlockSize);
            SuperBlock.SetU32(block, at, inode);
            if (FileTypes) block[at + 7] = FileTypeOf(mode);
            return Indexed(ref directory);
        }

        // Only "." and ".." are left: 1, else 0, or an error.
        public long IsEmptyDirectory(ref Ext2Inode directory)
        {
            ulong position = 0;
            while (true)
            {
                long next = NextEntry(ref directory, ref position, out DirectoryEntry entry);
                if (next <= 0) return next == 0 ? 1 : next;
                ReadOnlySpan<byte> name = EntryName(in entry);
                if (!(name.SequenceEqual("."u8) || name.SequenceEqual(".."u8))) return 0;
            }
        }

        private void WriteRecord(Span<byte> record, ReadOnlySpan<byte> name, uint inode, uint mode, int length)
        {
            SuperBlock.SetU32(record, 0, inode);
            SuperBlock.SetU16(record, 4, (ushort)length);
            record[6] = (byte)name.Length;
            record[7] = FileTypes ? FileTypeOf(mode) : (byte)0;
            name.CopyTo(record.Slice(8));
        }

        // A changed directory is no longer a valid hashed tree: read linearly from now on.
        private long Indexed(ref Ext2Inode directory)
        {
            directory.Flags &= ~Ext2Inode.IndexFlag;
            return 0;
        }

        private long DirectoryBlock(ref Ext2Inode directory, ulong index, bool write, out Span<byte> block)
        {
            block = default;
            long mapped = Map(ref directory, index, false, out uint physical);
            if (mapped < 0) return mapped;
            if (physical == 0) return Corrupt("a directory has a hole", directory.Number);
            long got = _cache.Get(physical, write, out block);
            return got < 0 ? Corrupt("a directory block cannot be read", physical) : 0;
        }

        // The record at `at` of a directory block: its length and name length, checked to be a
        // whole record inside the block with a valid inode number.
        private long CheckRecord(uint directory, ReadOnlySpan<byte> block, int at, out int length, out int nameLength)
        {
            length = SuperBlock.U16(block, at + 4);
            nameLength = block[at + 6];
            bool valid = length >= 12 && (length & 3) == 0 && at + length <= block.Length && 8 + nameLength <= length
                         && (FileTypes || block[at + 7] == 0) && SuperBlock.U32(block, at) <= InodesCount
                         && (SuperBlock.U32(block, at) == 0 || nameLength > 0);
            return valid ? 0 : Corrupt("a directory record is damaged", directory);
        }

        public static byte FileTypeOf(uint mode) => (mode & FileModes.TypeMask) switch
        {
            FileModes.Regular => 1, FileModes.Directory => 2, FileModes.CharDevice => 3, FileModes.BlockDevice => 4,
            FileModes.Fifo => 5, FileModes.Socket => 6, FileModes.Symlink => 7, _ => 0,
        };
    }
}
