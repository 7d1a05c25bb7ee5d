using System;
using Lunix.Abi.Linux;

namespace Lunix.FileSystems.Ext2
{
    // A file's blocks: twelve direct pointers, then single, double and triple indirect blocks
    // (Linux's ext2_get_block and ext2_truncate_blocks). A zero pointer is a hole (reads as
    // zeros); writing there allocates the block and the indirect blocks on the way, counted in
    // i_blocks. Every pointer read is checked to lie in the volume and not on metadata.
    public sealed unsafe partial class Ext2Volume
    {
        private const ulong MaxDirectoryBytes = 32UL << 20;
        private readonly uint[][] _scratch = { new uint[1024], new uint[1024], new uint[1024] };
        private uint _lastAllocated;

        private uint PointersPerBlock => (uint)BlockSize / 4;
        private uint SectorsPerBlock => (uint)BlockSize / 512;

        // The largest size the pointers can map (and i_blocks, 32-bit sectors, can count).
        public ulong MaxFileBytes
        {
            get
            {
                ulong p = PointersPerBlock;
                ulong blocks = Ext2Inode.DirectBlocks + p + p * p + p * p * p;
                return Math.Min(blocks * (ulong)BlockSize, 1UL << 40);
            }
        }

        // The block holding byte `logical * BlockSize` of the file: 0 for a hole (when not
        // `allocate`). Allocation changes `inode` (pointers, i_blocks): the caller writes it.
        public long Map(ref Ext2Inode inode, ulong logical, bool allocate, out uint physical)
        {
            physical = 0;
            ulong p = PointersPerBlock;
            if (logical < Ext2Inode.DirectBlocks)
            {
                uint direct = inode.Block[(int)logical];
                if (direct == 0 && allocate)
                {
                    long made = NewBlock(ref inode, out direct);
                    if (made < 0) return made;
                    inode.Block[(int)logical] = direct;
                }
                if (direct != 0 && !IsDataBlock(direct)) return Corrupt("a file's block pointer is out of range or on metadata", inode.Number);
                physical = direct;
                return 0;
            }
            logical -= Ext2Inode.DirectBlocks;
            int depth = 1, root = Ext2Inode.Indirect;
            if (logical >= p)
            {
                logical -= p;
                depth = 2;
                root = Ext2Inode.DoubleIndirect;
                if (logical >= p * p)
                {
                    logical -= p * p;
                    depth = 3;
                    root = Ext2Inode.TripleIndirect;
                    if (logical >= p * p * p) return -(long)LinuxErrno.EFBIG;
                }
            }
            uint pointer = inode.Block[root];
            if (pointer == 0)
            {
                if (!allocate) return 0;
                long made = NewBlock(ref inode, out pointer);
                if (made < 0) return made;
                inode.Block[root] = pointer;
            }
            for (int level = depth - 1; level >= 0; level--)
            {
                if (!IsDataBlock(pointer)) return Corrupt("an indirect block pointer is out of range or on metadata", inode.Number);
                ulong span = level == 0 ? 1 : level == 1 ? p : p * p;
                int index = (int)(logical / span % p);
                long got = _cache.Get(pointer, false, out Span<byte> block);
                if (got < 0) return Corrupt("an indirect block cannot be read", pointer);
                uint next = SuperBlock.U32(block, index * 4);
                if (next == 0)
                {
                    if (!allocate) return 0;
                    long made = NewBlock(ref inode, out next);
                    if (made < 0) return made;
                    got = _cache.Get(pointer, true, out block);
                    if (got < 0) return got;
                    SuperBlock.SetU32(block, index * 4, next);
                }
                pointer = next;
            }
            if (!IsDataBlock(pointer)) return Corrupt("a file's block pointer is out of range or on metadata", inode.Number);
            physical = pointer;
            return 0;
        }

        // A zeroed block for `inode`, near the last one it got (files grow in order), counted.
        private long NewBlock(ref Ext2Inode inode, out uint block)
        {
            uint goal = _lastAllocated != 0 ? _lastAllocated + 1 : GroupField((int)((inode.Number - 1) / InodesPerGroup), 8);
            long made = AllocateBlock(goal, out block);
            if (made < 0) return made;
            _lastAllocated = block;
            inode.Sectors += SectorsPerBlock;
            return _cache.GetZeroed(block, out _);
        }

        private bool IsDataBlock(uint block) =>
            block >= FirstDataBlock && block < BlocksCount && !IsMetadata((int)((block - FirstDataBlock) / BlocksPerGroup), block);

        // Frees every block of `inode` from block `keep` on, indirect blocks that map nothing
        // kept any more with them; `inode`'s pointers and i_blocks follow (the caller writes it).
        public long FreeFrom(ref Ext2Inode inode, ulong keep)
        {
            for (int i = (int)Math.Min(keep, Ext2Inode.DirectBlocks); i < Ext2Inode.DirectBlocks; i++)
            {
                uint pointer = inode.Block[i];
                long freed = FreeTree(ref inode, ref pointer, 0, (ulong)i, keep);
                inode.Block[i] = pointer;
                if (freed < 0) return freed;
            }
            ulong p = PointersPerBlock, start = Ext2Inode.DirectBlocks;
            for (int depth = 1; depth <= 3; depth++)
            {
                uint pointer = inode.Block[Ext2Inode.DirectBlocks - 1 + depth];
                long freed = FreeTree(ref inode, ref pointer, depth, start, keep);
                inode.Block[Ext2Inode.DirectBlocks - 1 + depth] = pointer;
                if (freed < 0) return freed;
                start += depth == 1 ? p : depth == 2 ? p * p : 0;
            }
            return 0;
        }

        // The subtree under `pointer` (depth 0: a data block) mapping blocks from `first` on.
        private long FreeTree(ref Ext2Inode inode, ref uint pointer, int depth, ulong first, ulong keep)
        {
            if (pointer == 0) return 0;
            ulong p = PointersPerBlock;
            ulong childSpan = depth <= 1 ? 1 : depth == 2 ? p : p * p;
            if (first + childSpan * (depth == 0 ? 1 : p) <= keep) return 0;
            if (!IsDataBlock(pointer)) return Corrupt("a block pointer to free is out of range or on metadata", inode.Number);
            if (depth > 0)
            {
                uint[] entries = _scratch[depth - 1];
                long got = _cache.Get(pointer, false, out Span<byte> block);
                if (got < 0) return Corrupt("an indirect block cannot be read", pointer);
                for (int i = 0; i < (int)p; i++) entries[i] = SuperBlock.U32(block, i * 4);
                for (int i = 0; i < (int)p; i++)
                {
                    uint child = entries[i];
                    long freed = FreeTree(ref inode, ref child, depth - 1, first + (ulong)i * childSpan, keep);
                    entries[i] = child;
                    if (freed < 0) return freed;
                }
                if (first < keep)
                {
                    got = _cache.Get(pointer, true, out block);
                    if (got < 0) return got;
                    for (int i = 0; i < (int)p; i++) SuperBlock.SetU32(block, i * 4, entries[i]);
                    return 0;
                }
            }
            else if (first < keep) return 0;
            long released = FreeBlock(pointer);
            if (released < 0) return released;
            pointer = 0;
            inode.Sectors = inode.Sectors >= SectorsPerBlock ? inode.Sectors - SectorsPerBlock : 0;
            return 0;
        }
    }
}
