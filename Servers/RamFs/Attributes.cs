using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.FileSystem;

namespace Lunix.Servers.RamFs
{
    // An inode's attributes: Linux's struct stat and struct statx filled from it (MINIX's
    // REQ_STAT), chmod, chown and utimensat (REQ_CHMOD, REQ_CHOWN, REQ_UTIME), and statfs.
    public sealed partial class RamFileSystem
    {
        public void FillStat(uint number, out LinuxStat stat)
        {
            ref Inode inode = ref Inodes[number];
            stat = default;
            stat.Device = DeviceOf(number);
            stat.Inode = number;
            stat.LinkCount = inode.Links;
            stat.Mode = inode.Mode;
            stat.Uid = inode.Uid;
            stat.Gid = inode.Gid;
            stat.SpecialDevice = inode.SpecialDevice;
            stat.FileSize = (long)inode.Size;
            stat.BlockSize = PagePool.PageSize;
            stat.Blocks = (long)((inode.Size + PagePool.PageSize - 1) / PagePool.PageSize * (PagePool.PageSize / 512));
            stat.AccessSeconds = inode.AccessSeconds;
            stat.AccessNanoseconds = inode.AccessNanoseconds;
            stat.ModifySeconds = inode.ModifySeconds;
            stat.ModifyNanoseconds = inode.ModifyNanoseconds;
            stat.ChangeSeconds = inode.ChangeSeconds;
            stat.ChangeNanoseconds = inode.ChangeNanoseconds;
        }

        public void FillStatx(uint number, out LinuxStatx statx)
        {
            FillStat(number, out LinuxStat stat);
            statx = LinuxStatx.From(in stat);
        }

        public void FillStatfs(uint number, out LinuxStatfs statfs)
        {
            statfs = default;
            statfs.Type = LinuxStatfs.TmpFsMagic;
            statfs.BlockSize = statfs.FragmentSize = PagePool.PageSize;
            statfs.Blocks = (ulong)Pages.Limit;
            statfs.FreeBlocks = statfs.AvailableBlocks = (ulong)Math.Max(0, Pages.Limit - Pages.PagesInUse);
            statfs.Files = InodeTable.Capacity;
            statfs.FreeFiles = (ulong)(InodeTable.Capacity - Inodes.InUse);
            ulong device = DeviceOf(number);
            statfs.FsId0 = (int)device;
            statfs.FsId1 = (int)(device >> 32);
            statfs.NameLength = FileLimits.NameMax;
            statfs.Flags = IsReadOnly(number) ? 1 : 0;               // ST_RDONLY
        }

        // chmod, chown, utimensat on `number` by `uid` (the file-system library's AttributeRules).
        public long SetAttributes(ulong number, in FsAttributes change, uint uid, uint gid, in FileTime now)
        {
            if (!Inodes.IsValid(number)) return -(long)LinuxErrno.ENOENT;
            ref Inode inode = ref Inodes[(uint)number];
            if (IsReadOnly((uint)number)) return -(long)LinuxErrno.EROFS;
            long allowed = AttributeRules.Apply(in change, uid, gid, MayAccess(ref inode, uid, gid, AccessModes.Write), ref inode.Mode, ref inode.Uid, ref inode.Gid);
            if (allowed < 0) return allowed;
            if ((change.Which & FsAttributeKinds.Times) != 0)
            {
                SetTime(ref inode.AccessSeconds, ref inode.AccessNanoseconds, change.AccessSeconds, change.AccessNanoseconds, now);
                SetTime(ref inode.ModifySeconds, ref inode.ModifyNanoseconds, change.ModifySeconds, change.ModifyNanoseconds, now);
            }
            Changed(ref inode, now);
            return 0;
        }

        private static void SetTime(ref long seconds, ref int nanoseconds, long newSeconds, int newNanoseconds, in FileTime now)
        {
            if (newNanoseconds == TimeSpecials.Omit) return;
            if (newNanoseconds == TimeSpecials.Now)
            {
                seconds = now.Seconds;
                nanoseconds = now.Nanoseconds;
                return;
            }
            seconds = newSeconds;
            nanoseconds = newNanoseconds;
        }

        // linux_dirent64 records of `directory` from `position` into `into`: the bytes written,
        // `position` moved past them. Positions: 0 ".", 1 "..", then 2 + the record offset.
        // -EINVAL when not even one record fits.
        public long ReadDirectory(ulong directory, ref ulong position, Span<byte> into)
        {
            if (!Inodes.IsValid(directory)) return -(long)LinuxErrno.ENOENT;
            ref Inode inode = ref Inodes[(uint)directory];
            if (!FileModes.IsDirectory(inode.Mode)) return -(long)LinuxErrno.ENOTDIR;
            if (inode.Links == 0) return 0;                            // removed: no entries, not even . and ..
            int written = 0;
            while (true)
            {
                uint number;
                byte type;
                ReadOnlySpan<byte> name;
                ulong next;
                if (position == 0) { number = (uint)directory; type = DirentTypes.Directory; name = "."u8; next = 1; }
                else if (position == 1) { number = inode.Parent; type = DirentTypes.Directory; name = ".."u8; next = 2; }
                else
                {
                    ulong offset = position - 2;
                    if (!Directories.Next(ref inode, ref offset, out number, out type, out name)) break;
                    next = offset + 2;
                }
                int record = LinuxDirent64.RecordFor(name.Length);
                if (written + record > into.Length)
                {
                    if (written == 0) return -(long)LinuxErrno.EINVAL;
                    break;
                }
                Span<byte> entry = into.Slice(written, record);
                entry.Clear();
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(entry, number);
                System.Buffers.Binary.BinaryPrimitives.WriteInt64LittleEndian(entry.Slice(8), (long)next);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(entry.Slice(16), (ushort)record);
                entry[18] = type;
                name.CopyTo(entry.Slice(LinuxDirent64.HeaderSize));
                written += record;
                position = next;
            }
            return written;
        }
    }
}
