using System;
using Lunix.Abi.Linux;

namespace Lunix.FileSystems.Ext2
{
    // File bytes a block at a time, in place in the block cache, so that the server copies them
    // once between the cache and the program's buffer: ReadRun gives the cached bytes at a
    // position (a hole's zeros; for a long read, the blocks that follow on the device too, in one
    // transfer past the cache), WriteRun the cached block to copy into (allocated if it was a
    // hole), then Wrote moves the size. Truncate frees what lies past the new end and zeros the
    // rest of the last block, so that a later growth reads zeros there.
    public sealed unsafe partial class Ext2Volume
    {
        private readonly byte[] _zeros = new byte[BlockCache.MaxBlockSize];

        // Up to `length` bytes of the file from `position`: the count (0 at the end), `run` them.
        public long ReadRun(ref Ext2Inode inode, ulong position, ulong length, out ReadOnlySpan<byte> run)
        {
            run = default;
            if (position >= inode.Size || length == 0) return 0;
            int within = (int)(position % (uint)BlockSize);
            int count = (int)Math.Min(Math.Min(length, inode.Size - position), (ulong)(BlockSize - within));
            long mapped = Map(ref inode, position / (uint)BlockSize, false, out uint physical);
            if (mapped < 0) return mapped;
            if (physical == 0)
            {
                run = _zeros.AsSpan(0, count);
                return count;
            }
            int blocks = (ulong)count < length && !_cache.Holds(physical) ? Consecutive(ref inode, position / (uint)BlockSize, physical, (ulong)within + Math.Min(length, inode.Size)) : 1;
            if (blocks > 1)
            {
                long read = _cache.ReadAround(physical, blocks, out ReadOnlySpan<byte> bytes);
                if (read < 0) return Corrupt("a file's block cannot be read", physical);
                count = (int)Math.Min(Math.Min(length, inode.Size - position), (ulong)(blocks * BlockSize - within));
                run = bytes.Slice(within, count);
                return count;
            }
            long got = _cache.Get(physical, false, out Span<byte> block);
            if (got < 0) return Corrupt("a file's block cannot be read", physical);
            run = block.Slice(within, count);
            return count;
        }

        // How many of the file's blocks from `logical` on (at `physical`) lie one after another on
        // the device, up to one transfer and no further than `bytes` from the block's start or the
        // file's end: a long read takes them in one transfer (BlockCache.ReadAround).
        private int Consecutive(ref Ext2Inode inode, ulong logical, uint physical, ulong bytes)
        {
            ulong start = logical * (uint)BlockSize;
            ulong end = bytes >= inode.Size - start ? inode.Size : start + bytes;
            ulong last = (end + (uint)BlockSize - 1) / (uint)BlockSize;
            int blocks = 1;
            while (blocks < _cache.RunBlocks && logical + (ulong)blocks < last)
            {
                if (Map(ref inode, logical + (ulong)blocks, false, out uint next) < 0 || next != physical + (uint)blocks) break;
                blocks++;
            }
            return blocks;
        }

        // The cached bytes to write `length` bytes at most at `position` into (the count); the
        // block is allocated if it was a hole. The caller copies, then calls Wrote.
        public long WriteRun(ref Ext2Inode inode, ulong position, ulong length, out Span<byte> run)
        {
            run = default;
            if (ReadOnly) return -(long)LinuxErrno.EROFS;
            if (position >= MaxFileBytes || (position + length > int.MaxValue && SuperBlock.U32(_super, SuperBlock.RevisionLevel) == 0))
                return -(long)LinuxErrno.EFBIG;
            int within = (int)(position % (uint)BlockSize);
            int count = (int)Math.Min(Math.Min(length, MaxFileBytes - position), (ulong)(BlockSize - within));
            long mapped = Map(ref inode, position / (uint)BlockSize, true, out uint physical);
            if (mapped < 0) return mapped;
            long got = _cache.Get(physical, true, out Span<byte> block);
            if (got < 0) return Corrupt("a file's block cannot be read", physical);
            run = block.Slice(within, count);
            return count;
        }

        // `count` bytes were copied at `position`: the size grows past them, the times move.
        public void Wrote(ref Ext2Inode inode, ulong position, ulong count)
        {
            if (position + count > inode.Size)
            {
                inode.Size = position + count;
                if (inode.Size > int.MaxValue) NeedLargeFile();
            }
            Modified(ref inode);
        }

        public long Truncate(ref Ext2Inode inode, ulong size)
        {
            if (ReadOnly) return -(long)LinuxErrno.EROFS;
            if (size > MaxFileBytes || (size > int.MaxValue && SuperBlock.U32(_super, SuperBlock.RevisionLevel) == 0)) return -(long)LinuxErrno.EFBIG;
            if (size < inode.Size)
            {
                ulong keep = (size + (uint)BlockSize - 1) / (uint)BlockSize;
                long freed = FreeFrom(ref inode, keep);
                if (freed < 0) return freed;
                int tail = (int)(size % (uint)BlockSize);
                if (tail != 0)
                {
                    long mapped = Map(ref inode, size / (uint)BlockSize, false, out uint physical);
                    if (mapped < 0) return mapped;
                    if (physical != 0)
                    {
                        long got = _cache.Get(physical, true, out Span<byte> block);
                        if (got < 0) return got;
                        block.Slice(tail).Clear();
                    }
                }
            }
            inode.Size = size;
            if (size > int.MaxValue) NeedLargeFile();
            Modified(ref inode);
            return WriteInode(in inode);
        }

        // A symlink's target: in the inode's pointers (a fast symlink) or in its one block.
        public long ReadLink(ref Ext2Inode inode, out ReadOnlySpan<byte> target)
        {
            target = default;
            if (!FileModes.IsSymlink(inode.Mode)) return -(long)LinuxErrno.EINVAL;
            if (inode.Size == 0 || inode.Size >= (ulong)Math.Min(BlockSize, FileLimits.PathMax))
                return Corrupt("a symlink's length is out of range", inode.Number);
            if (IsFastSymlink(in inode))
            {
                target = LinkInInode(ref inode);
                return target.Length;
            }
            long read = ReadRun(ref inode, 0, inode.Size, out target);
            if (read >= 0 && (ulong)read != inode.Size) return Corrupt("a symlink's block is missing", inode.Number);
            return read;
        }

        private readonly byte[] _fastLink = new byte[60];

        private ReadOnlySpan<byte> LinkInInode(ref Ext2Inode inode)
        {
            for (int i = 0; i < Ext2Inode.Pointers; i++) SuperBlock.SetU32(_fastLink, i * 4, inode.Block[i]);
            return _fastLink.AsSpan(0, (int)inode.Size);
        }

        // Linux's test: no data blocks (an extended-attribute block aside).
        private bool IsFastSymlink(in Ext2Inode inode) =>
            FileModes.IsSymlink(inode.Mode) && inode.Sectors == (inode.FileAcl != 0 ? SectorsPerBlock : 0) && inode.Size < 60;

        public void Modified(ref Ext2Inode inode)
        {
            inode.ModifyTime = inode.ChangeTime = NowSeconds;
            inode.ModifyNanoseconds = inode.ChangeNanoseconds = NowNanoseconds;
        }

        public void Changed(ref Ext2Inode inode)
        {
            inode.ChangeTime = NowSeconds;
            inode.ChangeNanoseconds = NowNanoseconds;
        }
    }
}
