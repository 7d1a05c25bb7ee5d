using System;
using System.Buffers.Binary;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.FileSystem;

namespace Lunix.FileSystems.Ext2
{
    // An inode's attributes: Linux's struct stat filled from it, chmod, chown and utimensat with
    // Linux's rules, statfs of the volume, and directories as getdents64 records.
    public sealed unsafe partial class Ext2Volume
    {
        public const long Ext2Magic = 0xEF53;

        public long FillStat(uint number, ulong device, out LinuxStat stat)
        {
            stat = default;
            long loaded = LoadInode(number, out Ext2Inode inode);
            if (loaded < 0) return loaded;
            stat.Device = device;
            stat.Inode = number;
            stat.LinkCount = inode.Links;
            stat.Mode = inode.Mode;
            stat.Uid = inode.Uid;
            stat.Gid = inode.Gid;
            stat.SpecialDevice = DeviceOf(in inode);
            stat.FileSize = (long)inode.Size;
            stat.BlockSize = BlockSize;
            stat.Blocks = inode.Sectors;
            stat.AccessSeconds = inode.AccessTime;
            stat.AccessNanoseconds = inode.AccessNanoseconds;
            stat.ModifySeconds = inode.ModifyTime;
            stat.ModifyNanoseconds = inode.ModifyNanoseconds;
            stat.ChangeSeconds = inode.ChangeTime;
            stat.ChangeNanoseconds = inode.ChangeNanoseconds;
            return 0;
        }

        public void FillStatfs(ulong device, out LinuxStatfs statfs)
        {
            statfs = default;
            statfs.Type = Ext2Magic;
            statfs.BlockSize = statfs.FragmentSize = BlockSize;
            statfs.Blocks = BlocksCount - FirstDataBlock;
            statfs.FreeBlocks = FreeBlocks;
            statfs.AvailableBlocks = FreeBlocks > ReservedBlocks ? FreeBlocks - ReservedBlocks : 0;
            statfs.Files = InodesCount;
            statfs.FreeFiles = FreeInodes;
            statfs.FsId0 = (int)device;
            statfs.FsId1 = (int)(device >> 32);
            statfs.NameLength = FileLimits.NameMax;
            statfs.Flags = ReadOnly ? 1 : 0;                            // ST_RDONLY
        }

        // chmod, chown, utimensat on `number` by `uid` (the file-system library's AttributeRules).
        public long SetAttributes(uint number, in FsAttributes change, uint uid, uint gid)
        {
            long loaded = LoadInode(number, out Ext2Inode inode);
            if (loaded < 0) return loaded;
            if (ReadOnly) return -(long)LinuxErrno.EROFS;
            long allowed = AttributeRules.Apply(in change, uid, gid, MayAccess(in inode, uid, gid, AccessModes.Write), ref inode.Mode, ref inode.Uid, ref inode.Gid);
            if (allowed < 0) return allowed;
            if ((change.Which & FsAttributeKinds.Times) != 0)
            {
                SetTime(ref inode.AccessTime, ref inode.AccessNanoseconds, change.AccessSeconds, change.AccessNanoseconds);
                SetTime(ref inode.ModifyTime, ref inode.ModifyNanoseconds, change.ModifySeconds, change.ModifyNanoseconds);
            }
            Changed(ref inode);
            return WriteInode(in inode);
        }

        // ext2 keeps 32-bit seconds: times outside them are cut to its range.
        private void SetTime(ref uint seconds, ref uint nanoseconds, long newSeconds, int newNanoseconds)
        {
            if (newNanoseconds == TimeSpecials.Omit) return;
            if (newNanoseconds == TimeSpecials.Now)
            {
                seconds = NowSeconds;
                nanoseconds = NowNanoseconds;
                return;
            }
            seconds = newSeconds < 0 ? 0 : newSeconds > uint.MaxValue ? uint.MaxValue : (uint)newSeconds;
            nanoseconds = (uint)newNanoseconds;
        }

        // linux_dirent64 records of `directory` from byte `position` into `into`: the bytes
        // written, `position` moved past them; -EINVAL when not even one record fits.
        public long ReadDirectory(uint directory, ref ulong position, Span<byte> into)
        {
            long loaded = LoadInode(directory, out Ext2Inode inode);
            if (loaded < 0) return loaded;
            if (!FileModes.IsDirectory(inode.Mode)) return -(long)LinuxErrno.ENOTDIR;
            if (inode.Links == 0) return 0;                             // removed: no entries, not even . and ..
            long aligned = Realign(ref inode, ref position);
            if (aligned < 0) return aligned;
            int written = 0;
            while (true)
            {
                ulong next = position;
                long found = NextEntry(ref inode, ref next, out DirectoryEntry entry);
                if (found < 0) return written > 0 ? written : found;
                if (found == 0)
                {
                    position = next;
                    break;
                }
                int record = LinuxDirent64.RecordFor(entry.NameLength);
                if (written + record > into.Length)
                {
                    if (written == 0) return -(long)LinuxErrno.EINVAL;
                    break;
                }
                Span<byte> out64 = into.Slice(written, record);
                out64.Clear();
                BinaryPrimitives.WriteUInt64LittleEndian(out64, entry.Inode);
                BinaryPrimitives.WriteInt64LittleEndian(out64.Slice(8), (long)entry.Next);
                BinaryPrimitives.WriteUInt16LittleEndian(out64.Slice(16), (ushort)record);
                out64[18] = DirentTypeOf(entry.FileType);
                EntryName(in entry).CopyTo(out64.Slice(LinuxDirent64.HeaderSize));
                written += record;
                position = next;
            }
            return written;
        }

        private static byte DirentTypeOf(byte fileType) => fileType switch
        {
            1 => DirentTypes.Regular, 2 => DirentTypes.Directory, 3 => DirentTypes.CharDevice, 4 => DirentTypes.BlockDevice,
            5 => DirentTypes.Fifo, 6 => DirentTypes.Socket, 7 => DirentTypes.Symlink, _ => DirentTypes.Unknown,
        };
    }
}
