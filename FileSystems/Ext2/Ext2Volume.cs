using System;
using Lunix.Abi.Linux;

namespace Lunix.FileSystems.Ext2
{
    // One mounted ext2 volume (Linux's fs/ext2): its superblock and group descriptors checked and
    // kept in memory, its blocks through a write-back cache. Inode numbers given to VFS are the
    // volume's InodeBase plus ext2's own, so that numbers are unique across the server's volumes.
    // Damage found on the medium is EIO with Problem saying what and ProblemAt which block; the
    // server reports it on the console. Nothing read from the medium is used unchecked.
    public sealed unsafe partial class Ext2Volume
    {
        public const int InodeBits = 32;
        public const uint RootInode = 2;
        // 1,024 groups: 8 GiB of 1 KiB blocks, 128 GiB of 4 KiB ones (mke2fs's 8 blocks a bit of
        // bitmap); their descriptors' 32 KiB are allocated once per volume slot.
        private const int MaxGroups = 1 << 10;
        private const int GroupDescriptorSize = 32;

        private readonly IExt2Disk _disk;
        private readonly BlockCache _cache;
        private readonly byte[] _super = new byte[SuperBlock.Size];
        private readonly byte[] _groups = new byte[MaxGroups * GroupDescriptorSize];
        private bool _superDirty, _groupsDirty;
        private ushort _stateAtMount;

        public readonly ulong InodeBase;
        public bool ReadOnly { get; private set; }
        public int BlockSize { get; private set; }
        public uint BlocksCount { get; private set; }
        public uint InodesCount { get; private set; }
        public uint FirstDataBlock { get; private set; }
        public uint BlocksPerGroup { get; private set; }
        public uint InodesPerGroup { get; private set; }
        public int InodeSize { get; private set; }
        public uint FirstInode { get; private set; }
        public int GroupCount { get; private set; }
        public bool FileTypes { get; private set; }
        private int _groupBlocks;                    // blocks the group descriptor table takes

        // The time changes are stamped with: the server sets it before each request.
        public uint NowSeconds, NowNanoseconds;

        public string Problem { get; private set; }
        public ulong ProblemAt { get; private set; }

        public Ext2Volume(IExt2Disk disk, ulong inodeBase)
        {
            _disk = disk;
            _cache = new BlockCache(disk);
            InodeBase = inodeBase;
        }

        public ulong Root => InodeBase + RootInode;
        public bool Owns(ulong inode) => inode - InodeBase - 1 < InodesCount;

        // Reads and checks the superblock and group descriptors: 0, or -EINVAL for what this
        // server does not mount (not ext2, features it lacks; a read-write mount of unknown
        // read-only-compatible features), -EIO for a damaged volume. A read-write mount marks the
        // volume not clean until Unmount.
        public long Open(bool readOnly)
        {
            Problem = null;
            ReadOnly = readOnly;
            _mountPoints.Clear();
            _superDirty = _groupsDirty = false;
            Span<byte> super = _super;
            long read = _disk.Read(SuperBlock.Offset, super);
            if (read < 0) return Corrupt("the superblock cannot be read", 1);
            if (SuperBlock.U16(super, SuperBlock.MagicAt) != SuperBlock.Magic) return Refuse("not an ext2 volume (no magic number)");
            uint revision = SuperBlock.U32(super, SuperBlock.RevisionLevel);
            if (revision > 1) return Refuse("an unknown revision");
            uint incompat = revision == 0 ? 0 : SuperBlock.U32(super, SuperBlock.FeatureIncompat);
            uint roCompat = revision == 0 ? 0 : SuperBlock.U32(super, SuperBlock.FeatureRoCompat);
            if ((incompat & ~Features.IncompatKnown) != 0) return Refuse("incompatible features this server lacks (extents, journal recovery, 64bit, ...)");
            if (!readOnly && (roCompat & ~Features.RoCompatKnown) != 0) return Refuse("read-only-compatible features this server lacks: mount it read-only");
            FileTypes = (incompat & Features.IncompatFileType) != 0;
            uint logBlock = SuperBlock.U32(super, SuperBlock.LogBlockSize);
            if (logBlock > 2) return Refuse("a block size other than 1, 2 or 4 KiB");
            BlockSize = 1024 << (int)logBlock;
            if (SuperBlock.U32(super, SuperBlock.LogFragmentSize) != logBlock) return Corrupt("fragments smaller than blocks", 1);
            BlocksCount = SuperBlock.U32(super, SuperBlock.BlocksCount);
            InodesCount = SuperBlock.U32(super, SuperBlock.InodesCount);
            FirstDataBlock = SuperBlock.U32(super, SuperBlock.FirstDataBlock);
            BlocksPerGroup = SuperBlock.U32(super, SuperBlock.BlocksPerGroup);
            InodesPerGroup = SuperBlock.U32(super, SuperBlock.InodesPerGroup);
            InodeSize = revision == 0 ? 128 : SuperBlock.U16(super, SuperBlock.InodeSize);
            FirstInode = revision == 0 ? 11 : SuperBlock.U32(super, SuperBlock.FirstInode);
            if (FirstDataBlock != (BlockSize == 1024 ? 1u : 0u)) return Corrupt("the first data block is wrong for the block size", 1);
            if (BlocksPerGroup == 0 || BlocksPerGroup > 8u * (uint)BlockSize || InodesPerGroup == 0 || InodesPerGroup > 8u * (uint)BlockSize)
                return Corrupt("blocks or inodes per group out of range", 1);
            if (InodeSize < 128 || InodeSize > BlockSize || (InodeSize & (InodeSize - 1)) != 0) return Corrupt("the inode size is out of range", 1);
            if (BlocksCount <= FirstDataBlock) return Corrupt("the block count is out of range", 1);
            ulong groups = (BlocksCount - FirstDataBlock + (ulong)BlocksPerGroup - 1) / BlocksPerGroup;
            if (groups > MaxGroups) return Refuse("more block groups than this server keeps (1,024)");
            if (groups == 0 || (ulong)InodesPerGroup * groups != InodesCount) return Corrupt("the group count disagrees with the inode count", 1);
            if (FirstInode <= RootInode || FirstInode >= InodesCount) return Corrupt("the first inode is out of range", 1);
            GroupCount = (int)groups;
            _cache.Forget(BlockSize);
            // The whole volume must be on the device: its last block is read.
            long last = _cache.Get(BlocksCount - 1, false, out _);
            if (last < 0) return Corrupt("the volume is larger than its device", BlocksCount - 1);
            long loaded = LoadGroups();
            if (loaded < 0) return loaded;
            if (!readOnly)
            {
                _stateAtMount = SuperBlock.U16(super, SuperBlock.State);
                SuperBlock.SetU16(super, SuperBlock.State, (ushort)(_stateAtMount & ~SuperBlock.StateClean));
                SuperBlock.SetU16(super, SuperBlock.MountCount, (ushort)(SuperBlock.U16(super, SuperBlock.MountCount) + 1));
                SuperBlock.SetU32(super, SuperBlock.MountTime, NowSeconds);
                _superDirty = true;
                long marked = Flush();
                if (marked < 0) return marked;
            }
            return 0;
        }

        // The group descriptor table, each descriptor's blocks checked to lie in its group.
        private long LoadGroups()
        {
            _groupBlocks = (GroupCount * GroupDescriptorSize + BlockSize - 1) / BlockSize;
            for (int i = 0; i < _groupBlocks; i++)
            {
                long got = _cache.Get(FirstDataBlock + 1 + (uint)i, false, out Span<byte> block);
                if (got < 0) return Corrupt("the group descriptors cannot be read", FirstDataBlock + 1 + (uint)i);
                block.CopyTo(_groups.AsSpan(i * BlockSize));
            }
            uint tableBlocks = (uint)(((ulong)InodesPerGroup * (uint)InodeSize + (uint)BlockSize - 1) / (uint)BlockSize);
            ulong freeBlocks = 0, freeInodes = 0;
            for (int g = 0; g < GroupCount; g++)
            {
                uint start = GroupStart(g), end = GroupEnd(g);
                uint blockBitmap = GroupField(g, 0), inodeBitmap = GroupField(g, 4), table = GroupField(g, 8);
                if (blockBitmap < start || blockBitmap >= end || inodeBitmap < start || inodeBitmap >= end || table < start || table > end - tableBlocks
                    || table + tableBlocks > BlocksCount)
                    return Corrupt("a group's bitmaps or inode table lie outside the group", FirstDataBlock + 1);
                if (GroupFreeBlocks(g) > end - start || GroupFreeInodes(g) > InodesPerGroup) return Corrupt("a group's free counts are out of range", FirstDataBlock + 1);
                freeBlocks += GroupFreeBlocks(g);
                freeInodes += GroupFreeInodes(g);
            }
            // The superblock's totals are Linux's to recompute too (e2fsck does): kept in step.
            SuperBlock.SetU32(_super, SuperBlock.FreeBlocks, (uint)freeBlocks);
            SuperBlock.SetU32(_super, SuperBlock.FreeInodes, (uint)freeInodes);
            return 0;
        }

        // Changes not yet on the device (Flush's work).
        public bool ChangesWaiting => !ReadOnly && (_groupsDirty || _superDirty || _cache.AnyDirty);

        // Everything changed written to the device: the cached blocks, the group descriptors, the
        // superblock.
        public long Flush()
        {
            if (ReadOnly) return 0;
            if (_groupsDirty)
            {
                for (int i = 0; i < _groupBlocks; i++)
                {
                    long got = _cache.Get(FirstDataBlock + 1 + (uint)i, true, out Span<byte> block);
                    if (got < 0) return got;
                    _groups.AsSpan(i * BlockSize, BlockSize).CopyTo(block);
                }
                _groupsDirty = false;
            }
            long flushed = _cache.Flush();
            if (flushed < 0) return flushed;
            if (!_superDirty) return 0;
            SuperBlock.SetU32(_super, SuperBlock.WriteTime, NowSeconds);
            long written = _disk.Write(SuperBlock.Offset, _super);
            if (written < 0) return written;
            _superDirty = false;
            return 0;
        }

        // The end of a read-write mount: the state it had restored (clean, unless it came with
        // errors), everything written.
        public long Unmount()
        {
            if (ReadOnly) return 0;
            SuperBlock.SetU16(_super, SuperBlock.State, _stateAtMount);
            _superDirty = true;
            return Flush();
        }

        public uint FreeBlocks => SuperBlock.U32(_super, SuperBlock.FreeBlocks);
        public uint FreeInodes => SuperBlock.U32(_super, SuperBlock.FreeInodes);
        public uint ReservedBlocks => SuperBlock.U32(_super, 8);

        private uint GroupStart(int group) => FirstDataBlock + (uint)group * BlocksPerGroup;
        private uint GroupEnd(int group) => (uint)Math.Min((ulong)GroupStart(group) + BlocksPerGroup, BlocksCount);
        private uint GroupField(int group, int at) => SuperBlock.U32(_groups, group * GroupDescriptorSize + at);
        private uint GroupFreeBlocks(int group) => SuperBlock.U16(_groups, group * GroupDescriptorSize + 12);
        private uint GroupFreeInodes(int group) => SuperBlock.U16(_groups, group * GroupDescriptorSize + 14);

        // A group's free counts (and directories) moved by `blocks`, `inodes`, `directories`, and
        // the superblock's totals with them.
        private void CountGroup(int group, int blocks, int inodes, int directories)
        {
            int at = group * GroupDescriptorSize;
            SuperBlock.SetU16(_groups, at + 12, (ushort)(SuperBlock.U16(_groups, at + 12) + blocks));
            SuperBlock.SetU16(_groups, at + 14, (ushort)(SuperBlock.U16(_groups, at + 14) + inodes));
            SuperBlock.SetU16(_groups, at + 16, (ushort)(SuperBlock.U16(_groups, at + 16) + directories));
            SuperBlock.SetU32(_super, SuperBlock.FreeBlocks, (uint)(FreeBlocks + blocks));
            SuperBlock.SetU32(_super, SuperBlock.FreeInodes, (uint)(FreeInodes + inodes));
            _groupsDirty = _superDirty = true;
        }

        // A file past 2 GiB needs the large_file feature: turned on as Linux does.
        private void NeedLargeFile()
        {
            uint roCompat = SuperBlock.U32(_super, SuperBlock.FeatureRoCompat);
            if ((roCompat & Features.RoCompatLargeFile) != 0 || SuperBlock.U32(_super, SuperBlock.RevisionLevel) == 0) return;
            SuperBlock.SetU32(_super, SuperBlock.FeatureRoCompat, roCompat | Features.RoCompatLargeFile);
            _superDirty = true;
        }

        private long Corrupt(string problem, ulong block)
        {
            Problem = problem;
            ProblemAt = block;
            return -(long)LinuxErrno.EIO;
        }

        private long Refuse(string problem)
        {
            Problem = problem;
            ProblemAt = 1;
            return -(long)LinuxErrno.EINVAL;
        }
    }
}
