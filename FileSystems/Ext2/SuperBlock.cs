using System;
using System.Buffers.Binary;

namespace Lunix.FileSystems.Ext2
{
    // ext2's superblock (Linux's struct ext2_super_block): 1024 bytes at byte 1024 of the device.
    // The raw bytes are kept whole so that a write-back changes only the fields this server owns
    // (free counts, state, mount count and times, features it turns on) and leaves the rest as
    // mke2fs or Linux wrote it.
    public static class SuperBlock
    {
        public const int Offset = 1024, Size = 1024;
        public const ushort Magic = 0xEF53;
        public const ushort StateClean = 1, StateErrors = 2;

        // Field offsets.
        public const int InodesCount = 0, BlocksCount = 4, FreeBlocks = 12, FreeInodes = 16, FirstDataBlock = 20, LogBlockSize = 24,
            LogFragmentSize = 28, BlocksPerGroup = 32, FragmentsPerGroup = 36, InodesPerGroup = 40, MountTime = 44, WriteTime = 48,
            MountCount = 52, MagicAt = 56, State = 58, RevisionLevel = 76, FirstInode = 84, InodeSize = 88, FeatureCompat = 92,
            FeatureIncompat = 96, FeatureRoCompat = 100, ReservedGdtBlocks = 206;

        public static uint U32(ReadOnlySpan<byte> bytes, int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(at));
        public static ushort U16(ReadOnlySpan<byte> bytes, int at) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(at));
        public static void SetU32(Span<byte> bytes, int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(bytes.Slice(at), value);
        public static void SetU16(Span<byte> bytes, int at, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(bytes.Slice(at), value);
    }

    // The feature bits this server knows (Linux's EXT2_FEATURE_*). An incompatible feature it
    // does not handle refuses the mount; a read-only-compatible one refuses it read-write;
    // compatible ones (ext_attr, resize_inode, dir_index, ...) are left as they are.
    public static class Features
    {
        public const uint IncompatFileType = 0x2;
        public const uint IncompatKnown = IncompatFileType;
        public const uint RoCompatSparseSuper = 0x1, RoCompatLargeFile = 0x2;
        public const uint RoCompatKnown = RoCompatSparseSuper | RoCompatLargeFile;
    }
}
