using System;
using System.Buffers.Binary;
using Lunix.Abi.Linux;

namespace Lunix.Servers.RamFs
{
    // A directory's entries, kept as its data (as ext2 and MINIX's file system keep them): records
    // of {inode u32, record length u16, name length u8, type u8, name}, each a multiple of 8 bytes
    // and never crossing a page, so each is read in place. A removed entry keeps its record with
    // inode 0, and a later name that fits takes it over, so a directory where files come and go
    // does not grow. "." and ".." are not stored: the inode's Parent is "..".
    public readonly ref struct Directory
    {
        private const int HeaderSize = 8;

        private readonly FileData _data;

        public Directory(FileData data) => _data = data;

        public static int RecordFor(int nameLength) => (HeaderSize + nameLength + 7) & ~7;

        // The inode named `name`, or 0; `offset` is its record's. Records never cross a page, so
        // each page's run is fetched once and its records walked in place (a look-up of the page
        // per record cost every path component thousands of instructions).
        public uint Find(ref Inode directory, ReadOnlySpan<byte> name, out ulong offset)
        {
            for (ulong page = 0; page < directory.Size; page += PagePool.PageSize)
            {
                ReadOnlySpan<byte> run = _data.ReadRun(ref directory, page, (ulong)PagePool.PageSize);
                for (int at = 0; at < run.Length;)
                {
                    ReadOnlySpan<byte> record = Valid(run.Slice(at));
                    offset = page + (ulong)at;
                    if (record.IsEmpty) return 0;
                    uint inode = BinaryPrimitives.ReadUInt32LittleEndian(record);
                    if (inode != 0 && record[6] == name.Length && record.Slice(HeaderSize, name.Length).SequenceEqual(name)) return inode;
                    at += record.Length;
                }
            }
            offset = directory.Size;
            return 0;
        }

        // Adds `name` for `inode` (the caller checked it is not there). 0, or -ENOSPC.
        public long Add(ref Inode directory, ReadOnlySpan<byte> name, uint inode, byte type)
        {
            int needed = RecordFor(name.Length);
            ulong at = directory.Size;
            int length = needed;
            for (ulong offset = 0; offset < directory.Size;)
            {
                ReadOnlySpan<byte> record = Record(ref directory, offset);
                if (record.IsEmpty) break;
                int recordLength = BinaryPrimitives.ReadUInt16LittleEndian(record.Slice(4));
                if (BinaryPrimitives.ReadUInt32LittleEndian(record) == 0 && recordLength >= needed)
                {
                    at = offset;
                    length = recordLength;
                    break;
                }
                offset += (ulong)recordLength;
            }
            if (at == directory.Size)
            {
                int room = PagePool.PageSize - (int)(at % PagePool.PageSize);
                if (room < needed)
                {
                    // The rest of this page becomes one empty record; the entry starts the next.
                    long padded = Write(ref directory, at, room, default, 0, 0);
                    if (padded != 0) return padded;
                    at += (ulong)room;
                }
            }
            return Write(ref directory, at, length, name, inode, type);
        }

        // The entry at `offset` (from Find) removed.
        public void Remove(ref Inode directory, ulong offset)
        {
            _data.WriteRun(ref directory, offset, 4, out Span<byte> record);
            BinaryPrimitives.WriteUInt32LittleEndian(record, 0);
        }

        // The entry at `offset` now names `inode` (rename over an existing name).
        public void Replace(ref Inode directory, ulong offset, uint inode, byte type)
        {
            _data.WriteRun(ref directory, offset, HeaderSize, out Span<byte> record);
            BinaryPrimitives.WriteUInt32LittleEndian(record, inode);
            record[7] = type;
        }

        public bool IsEmpty(ref Inode directory)
        {
            for (ulong offset = 0; offset < directory.Size;)
            {
                ReadOnlySpan<byte> record = Record(ref directory, offset);
                if (record.IsEmpty) return true;
                if (BinaryPrimitives.ReadUInt32LittleEndian(record) != 0) return false;
                offset += BinaryPrimitives.ReadUInt16LittleEndian(record.Slice(4));
            }
            return true;
        }

        // The first entry at or after `offset`: its inode, type and name, and where the next
        // starts. False at the end.
        public bool Next(ref Inode directory, scoped ref ulong offset, out uint inode, out byte type, out ReadOnlySpan<byte> name)
        {
            inode = 0;
            type = 0;
            name = default;
            while (offset < directory.Size)
            {
                ReadOnlySpan<byte> record = Record(ref directory, offset);
                if (record.IsEmpty) return false;
                offset += BinaryPrimitives.ReadUInt16LittleEndian(record.Slice(4));
                inode = BinaryPrimitives.ReadUInt32LittleEndian(record);
                if (inode == 0) continue;
                type = record[7];
                name = record.Slice(HeaderSize, record[6]);
                return true;
            }
            return false;
        }

        // The record at `offset`, in place; empty if it is damaged.
        private ReadOnlySpan<byte> Record(ref Inode directory, ulong offset) =>
            Valid(_data.ReadRun(ref directory, offset, (ulong)(PagePool.PageSize - (int)(offset % PagePool.PageSize))));

        // The record at the start of `run` (the rest of its page), or empty if it is damaged.
        private static ReadOnlySpan<byte> Valid(ReadOnlySpan<byte> run)
        {
            if (run.Length < HeaderSize) return default;
            int length = BinaryPrimitives.ReadUInt16LittleEndian(run.Slice(4));
            if (length < HeaderSize || length > run.Length || (length & 7) != 0 || HeaderSize + run[6] > length) return default;
            return run.Slice(0, length);
        }

        private long Write(ref Inode directory, ulong at, int length, ReadOnlySpan<byte> name, uint inode, byte type)
        {
            long made = _data.WriteRun(ref directory, at, (ulong)length, out Span<byte> record);
            if (made != 0) return made;
            if (record.Length < length) return -(long)LinuxErrno.ENOSPC;
            record = record.Slice(0, length);
            BinaryPrimitives.WriteUInt32LittleEndian(record, inode);
            BinaryPrimitives.WriteUInt16LittleEndian(record.Slice(4), (ushort)length);
            record[6] = (byte)name.Length;
            record[7] = type;
            name.CopyTo(record.Slice(HeaderSize));
            FileData.Wrote(ref directory, at, (ulong)length);
            return 0;
        }
    }
}
