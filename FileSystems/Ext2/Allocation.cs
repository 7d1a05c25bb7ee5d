using System;
using Lunix.Abi.Linux;

namespace Lunix.FileSystems.Ext2
{
    // Blocks and inodes taken from and given back to the groups' bitmaps, with the groups' and
    // the superblock's free counts kept in step (Linux's ext2_new_blocks, ext2_free_blocks,
    // ext2_new_inode, ext2_free_inode). A search starts in the group of `goal` (a file's data near
    // its inode, a new inode near its directory) and goes round the groups once. A bitmap that
    // disagrees with its group's counts, or a block that would be metadata, is damage: EIO.
    public sealed unsafe partial class Ext2Volume
    {
        public long AllocateBlock(uint goal, out uint block)
        {
            block = 0;
            if (ReadOnly) return -(long)LinuxErrno.EROFS;
            int first = goal >= FirstDataBlock && goal < BlocksCount ? (int)((goal - FirstDataBlock) / BlocksPerGroup) : 0;
            for (int step = 0; step < GroupCount; step++)
            {
                int group = (first + step) % GroupCount;
                if (GroupFreeBlocks(group) == 0) continue;
                uint bits = GroupEnd(group) - GroupStart(group);
                uint start = step == 0 && goal >= GroupStart(group) ? goal - GroupStart(group) : 0;
                long found = TakeBit(GroupField(group, 0), bits, start, out uint bit);
                if (found < 0) return found;
                if (found == 0) return Corrupt("a group's block bitmap has no free block its count promises", GroupField(group, 0));
                block = GroupStart(group) + bit;
                if (IsMetadata(group, block)) return Corrupt("the block bitmap gives out a metadata block", block);
                CountGroup(group, -1, 0, 0);
                return 0;
            }
            return -(long)LinuxErrno.ENOSPC;
        }

        public long FreeBlock(uint block)
        {
            if (block < FirstDataBlock || block >= BlocksCount) return Corrupt("a block number is out of range", block);
            int group = (int)((block - FirstDataBlock) / BlocksPerGroup);
            if (IsMetadata(group, block)) return Corrupt("a file claims a metadata block", block);
            long cleared = ClearBit(GroupField(group, 0), block - GroupStart(group));
            if (cleared < 0) return cleared;
            if (cleared == 0) return Corrupt("a block is freed that is not in use", block);
            _cache.Drop(block);
            CountGroup(group, 1, 0, 0);
            return 0;
        }

        // A new inode near `near` (its directory), its record cleared.
        public long AllocateInode(uint near, bool directory, out uint number)
        {
            number = 0;
            if (ReadOnly) return -(long)LinuxErrno.EROFS;
            int first = near != 0 && near <= InodesCount ? (int)((near - 1) / InodesPerGroup) : 0;
            for (int step = 0; step < GroupCount; step++)
            {
                int group = (first + step) % GroupCount;
                if (GroupFreeInodes(group) == 0) continue;
                long found = TakeBit(GroupField(group, 4), InodesPerGroup, 0, out uint bit);
                if (found < 0) return found;
                if (found == 0) return Corrupt("a group's inode bitmap has no free inode its count promises", GroupField(group, 4));
                number = (uint)group * InodesPerGroup + bit + 1;
                if (number < FirstInode) return Corrupt("the inode bitmap gives out a reserved inode", number);
                CountGroup(group, 0, -1, directory ? 1 : 0);
                return ClearInode(number);
            }
            return -(long)LinuxErrno.ENOSPC;
        }

        private long FreeInode(uint number, bool directory)
        {
            int group = (int)((number - 1) / InodesPerGroup);
            long cleared = ClearBit(GroupField(group, 4), (number - 1) % InodesPerGroup);
            if (cleared < 0) return cleared;
            if (cleared == 0) return Corrupt("an inode is freed that is not in use", number);
            CountGroup(group, 0, 1, directory ? -1 : 0);
            return 0;
        }

        // The first clear bit of the bitmap in block `bitmap` among `bits`, from `start` round:
        // set, its index in `bit`. 1 found, 0 none clear, or an error.
        private long TakeBit(uint bitmap, uint bits, uint start, out uint bit)
        {
            bit = 0;
            long got = _cache.Get(bitmap, true, out Span<byte> map);
            if (got < 0) return Corrupt("a bitmap cannot be read", bitmap);
            for (uint i = 0; i < bits; i++)
            {
                uint at = (start + i) % bits;
                if ((map[(int)(at >> 3)] & (1 << (int)(at & 7))) != 0) continue;
                map[(int)(at >> 3)] |= (byte)(1 << (int)(at & 7));
                bit = at;
                return 1;
            }
            return 0;
        }

        // 1 when the bit was set (now clear), 0 when it was already clear.
        private long ClearBit(uint bitmap, uint at)
        {
            long got = _cache.Get(bitmap, true, out Span<byte> map);
            if (got < 0) return Corrupt("a bitmap cannot be read", bitmap);
            byte mask = (byte)(1 << (int)(at & 7));
            if ((map[(int)(at >> 3)] & mask) == 0) return 0;
            map[(int)(at >> 3)] &= (byte)~mask;
            return 1;
        }

        // The group's own bitmaps and inode table, and its superblock copy, group descriptors and
        // the reserved descriptor blocks (resize_inode's) when the group holds a copy.
        private bool IsMetadata(int group, uint block)
        {
            uint table = GroupField(group, 8);
            uint tableBlocks = (uint)(((ulong)InodesPerGroup * (uint)InodeSize + (uint)BlockSize - 1) / (uint)BlockSize);
            if (block == GroupField(group, 0) || block == GroupField(group, 4) || (block >= table && block < table + tableBlocks)) return true;
            if (!HasSuperCopy(group)) return false;
            uint reserved = SuperBlock.U16(_super, SuperBlock.ReservedGdtBlocks);
            return block < GroupStart(group) + 1 + (uint)_groupBlocks + reserved;
        }

        // sparse_super: copies in groups 0, 1 and the powers of 3, 5 and 7; else in every group.
        private bool HasSuperCopy(int group)
        {
            if (group <= 1 || (SuperBlock.U32(_super, SuperBlock.FeatureRoCompat) & Features.RoCompatSparseSuper) == 0
                || SuperBlock.U32(_super, SuperBlock.RevisionLevel) == 0) return true;
            return IsPower(group, 3) || IsPower(group, 5) || IsPower(group, 7);
        }

        private static bool IsPower(int value, int of)
        {
            long power = of;
            while (power < value) power *= of;
            return power == value;
        }
    }
}
