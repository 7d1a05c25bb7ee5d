using System;
using System.Buffers.Binary;
using Lunix.Abi.Linux;

namespace Lunix.FileSystems.Ext2
{
    // An inode as this server uses it (Linux's struct ext2_inode, the first 128 bytes, and the
    // nanoseconds of a large inode's extra fields when i_extra_isize covers them). Read from the
    // inode table into this copy, changed, and written back over the same bytes, so fields the
    // server does not own (i_file_acl, i_generation, the OS-dependent ones) stay as they were.
    public unsafe struct Ext2Inode
    {
        public const int DirectBlocks = 12, Indirect = 12, DoubleIndirect = 13, TripleIndirect = 14, Pointers = 15;
        public const uint IndexFlag = 0x1000;               // EXT2_INDEX_FL: a hashed (htree) directory

        public uint Number;
        public uint Mode;
        public uint Uid, Gid;
        public ulong Size;
        public uint AccessTime, ChangeTime, ModifyTime, DeleteTime;
        public uint AccessNanoseconds, ChangeNanoseconds, ModifyNanoseconds;
        public ushort Links;
        public uint Sectors;                                 // i_blocks: 512-byte units, indirect blocks included
        public uint Flags;
        public uint FileAcl;                                 // an extended-attribute block (counted in Sectors)
        public fixed uint Block[Pointers];

        // `bytes`: the inode's record; `extra`: bytes of it past 128 the times may use (0: none).
        public static Ext2Inode Read(ReadOnlySpan<byte> bytes, uint number, int extra)
        {
            var inode = new Ext2Inode { Number = number };
            inode.Mode = U16(bytes, 0);
            inode.Uid = U16(bytes, 2) | (uint)U16(bytes, 120) << 16;
            inode.Size = U32(bytes, 4);
            if (FileModes.IsRegular(inode.Mode)) inode.Size |= (ulong)U32(bytes, 108) << 32;
            inode.AccessTime = U32(bytes, 8);
            inode.ChangeTime = U32(bytes, 12);
            inode.ModifyTime = U32(bytes, 16);
            inode.DeleteTime = U32(bytes, 20);
            inode.Gid = U16(bytes, 24) | (uint)U16(bytes, 122) << 16;
            inode.Links = U16(bytes, 26);
            inode.Sectors = U32(bytes, 28);
            inode.Flags = U32(bytes, 32);
            inode.FileAcl = U32(bytes, 104);
            for (int i = 0; i < Pointers; i++) inode.Block[i] = U32(bytes, 40 + 4 * i);
            if (HasNanoseconds(bytes, extra))
            {
                inode.ChangeNanoseconds = U32(bytes, 0x84) >> 2;
                inode.ModifyNanoseconds = U32(bytes, 0x88) >> 2;
                inode.AccessNanoseconds = U32(bytes, 0x8C) >> 2;
            }
            return inode;
        }

        public readonly void Write(Span<byte> bytes, int extra)
        {
            SetU16(bytes, 0, (ushort)Mode);
            SetU16(bytes, 2, (ushort)Uid);
            SetU16(bytes, 120, (ushort)(Uid >> 16));
            SetU32(bytes, 4, (uint)Size);
            if (FileModes.IsRegular(Mode)) SetU32(bytes, 108, (uint)(Size >> 32));
            SetU32(bytes, 8, AccessTime);
            SetU32(bytes, 12, ChangeTime);
            SetU32(bytes, 16, ModifyTime);
            SetU32(bytes, 20, DeleteTime);
            SetU16(bytes, 24, (ushort)Gid);
            SetU16(bytes, 122, (ushort)(Gid >> 16));
            SetU16(bytes, 26, Links);
            SetU32(bytes, 28, Sectors);
            SetU32(bytes, 32, Flags);
            SetU32(bytes, 104, FileAcl);
            for (int i = 0; i < Pointers; i++) SetU32(bytes, 40 + 4 * i, Block[i]);
            if (HasNanoseconds(bytes, extra))
            {
                // The low two bits are the seconds' epoch bits (past 2038): kept as they were.
                SetU32(bytes, 0x84, ChangeNanoseconds << 2 | (U32(bytes, 0x84) & 3));
                SetU32(bytes, 0x88, ModifyNanoseconds << 2 | (U32(bytes, 0x88) & 3));
                SetU32(bytes, 0x8C, AccessNanoseconds << 2 | (U32(bytes, 0x8C) & 3));
            }
        }

        // A large inode whose i_extra_isize covers i_atime_extra (the last of the three).
        private static bool HasNanoseconds(ReadOnlySpan<byte> bytes, int extra) => extra >= 16 && U16(bytes, 0x80) >= 16 && U16(bytes, 0x80) <= extra;

        private static uint U32(ReadOnlySpan<byte> bytes, int at) => BinaryPrimitives.ReadUInt32LittleEndian(bytes.Slice(at));
        private static ushort U16(ReadOnlySpan<byte> bytes, int at) => BinaryPrimitives.ReadUInt16LittleEndian(bytes.Slice(at));
        private static void SetU32(Span<byte> bytes, int at, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(bytes.Slice(at), value);
        private static void SetU16(Span<byte> bytes, int at, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(bytes.Slice(at), value);
    }
}
