using System;
using Lunix.Abi.Linux;

namespace Lunix.FileSystems.Ext2
{
    // Inode records in the groups' inode tables: read into an Ext2Inode, written back over their
    // own bytes. An inode whose last name goes is an orphan (no links, a type, no deletion time):
    // VFS is told (FsReplyFlags.Orphaned) and frees it with PutNode when no program has it open,
    // at once or at the last close.
    public sealed unsafe partial class Ext2Volume
    {
        // The ext2 number of a VFS inode number of this volume, or 0.
        public uint Local(ulong inode) => Owns(inode) ? (uint)(inode - InodeBase) : 0;

        // Inode `number` as it is on the medium (maybe free: Mode 0).
        public long ReadInode(uint number, out Ext2Inode inode)
        {
            inode = default;
            long found = InodeRecord(number, false, out Span<byte> bytes);
            if (found < 0) return found;
            inode = Ext2Inode.Read(bytes, number, InodeSize - 128);
            return 0;
        }

        // An inode in use: the number valid, the record a known type, linked or an orphan.
        public long LoadInode(uint number, out Ext2Inode inode)
        {
            long read = ReadInode(number, out inode);
            if (read < 0) return read;
            uint type = inode.Mode & FileModes.TypeMask;
            bool known = type is FileModes.Regular or FileModes.Directory or FileModes.Symlink or FileModes.CharDevice or FileModes.BlockDevice
                         or FileModes.Fifo or FileModes.Socket;
            if (!known || (inode.Links == 0 && inode.DeleteTime != 0)) return Corrupt("a free inode or one of an unknown type is used", number);
            if (FileModes.IsDirectory(inode.Mode) && (inode.Size % (uint)BlockSize != 0 || inode.Size > MaxDirectoryBytes))
                return Corrupt("a directory's size is not whole blocks or is too large", number);
            if (FileModes.IsRegular(inode.Mode) && inode.Size > MaxFileBytes) return Corrupt("a file's size is beyond what its blocks can map", number);
            return 0;
        }

        // An inode a directory entry names: in use and linked.
        public long LoadNamed(uint number, out Ext2Inode inode)
        {
            long loaded = LoadInode(number, out inode);
            return loaded < 0 ? loaded : inode.Links == 0 ? Corrupt("a name leads to an inode without links", number) : 0;
        }

        private static bool IsOrphan(in Ext2Inode inode) => inode.Links == 0 && inode.Mode != 0 && inode.DeleteTime == 0;

        public long WriteInode(in Ext2Inode inode)
        {
            if (ReadOnly) return -(long)LinuxErrno.EROFS;
            long found = InodeRecord(inode.Number, true, out Span<byte> bytes);
            if (found < 0) return found;
            inode.Write(bytes, InodeSize - 128);
            return 0;
        }

        // A record just allocated: cleared, large inodes' i_extra_isize set as mke2fs sets it.
        private long ClearInode(uint number)
        {
            long found = InodeRecord(number, true, out Span<byte> bytes);
            if (found < 0) return found;
            bytes.Clear();
            if (InodeSize >= 160)
            {
                SuperBlock.SetU16(bytes, 0x80, 32);
                SuperBlock.SetU32(bytes, 0x90, NowSeconds);      // i_crtime
            }
            return 0;
        }

        private long InodeRecord(uint number, bool write, out Span<byte> bytes)
        {
            bytes = default;
            if (number == 0 || number > InodesCount) return Corrupt("an inode number is out of range", number);
            int group = (int)((number - 1) / InodesPerGroup);
            ulong offset = (ulong)((number - 1) % InodesPerGroup) * (uint)InodeSize;
            ulong block = GroupField(group, 8) + offset / (uint)BlockSize;
            long got = _cache.Get(block, write, out Span<byte> table);
            if (got < 0) return Corrupt("an inode table block cannot be read", block);
            bytes = table.Slice((int)(offset % (uint)BlockSize), InodeSize);
            return 0;
        }

        // VFS lets go of `number` (its last user gone): an inode without links is freed now.
        public long PutNode(uint number)
        {
            if (ReadOnly) return 0;
            long read = ReadInode(number, out Ext2Inode inode);
            if (read < 0) return read;
            return IsOrphan(in inode) ? Release(ref inode) : 0;
        }
    }
}
