using System;
using System.Buffers.Binary;
using Lunix.Abi.Linux;

namespace Lunix.FileSystems.Iso9660
{
    // Linux's records of a volume's inodes: struct stat and statx (REQ_STAT), struct statfs
    // (REQ_STATVFS, ISOFS_SUPER_MAGIC, read-only), and linux_dirent64 records (REQ_GETDENTS).
    public sealed partial class IsoVolume
    {
        public const long SuperMagic = 0x9660;

        public long FillStat(ulong inode, ulong device, out LinuxStat stat)
        {
            stat = default;
            long found = Attributes(inode, out IsoEntry entry);
            if (found < 0) return found;
            stat.Device = device;
            stat.Inode = inode;
            stat.LinkCount = entry.Links;
            stat.Mode = entry.Mode;
            stat.Uid = entry.Uid;
            stat.Gid = entry.Gid;
            stat.SpecialDevice = entry.SpecialDevice;
            stat.FileSize = FileModes.IsSymlink(entry.Mode) ? entry.LinkLength : (long)entry.Size;
            stat.BlockSize = IsoBlocks.Size;
            stat.Blocks = (long)((entry.Size + IsoBlocks.Size - 1) >> IsoBlocks.Shift) * (IsoBlocks.Size / 512);
            stat.AccessSeconds = entry.AccessSeconds;
            stat.ModifySeconds = entry.ModifySeconds;
            stat.ChangeSeconds = entry.ChangeSeconds;
            return 0;
        }

        public long FillStatx(ulong inode, ulong device, out LinuxStatx statx)
        {
            long found = FillStat(inode, device, out LinuxStat stat);
            statx = found < 0 ? default : LinuxStatx.From(in stat);
            return found < 0 ? found : 0;
        }

        public void FillStatfs(ulong device, out LinuxStatfs statfs)
        {
            statfs = default;
            statfs.Type = SuperMagic;
            statfs.BlockSize = statfs.FragmentSize = IsoBlocks.Size;
            statfs.Blocks = _blocks;
            statfs.FsId0 = (int)device;
            statfs.FsId1 = (int)(device >> 32);
            statfs.NameLength = Names == Naming.Plain ? 37 : FileLimits.NameMax;  // ECMA-119 level 3's longest name
            statfs.Flags = 1;                                                      // ST_RDONLY
        }

        // linux_dirent64 records of `directory` from `position` (0 ".", 1 "..", then byte offsets
        // of its extent) into `into`: the bytes written, `position` moved to the next entry.
        public long ReadDirectory(ulong directory, ref ulong position, Span<byte> into)
        {
            long self = Attributes(directory, out IsoEntry listed);
            if (self < 0) return self;
            if (!listed.Directory) return -(long)LinuxErrno.ENOTDIR;
            int written = 0;
            while (true)
            {
                ulong number, next;
                byte type = DirentTypes.Directory;
                ReadOnlySpan<byte> name;
                if (position == 0) { number = directory; name = "."u8; next = 1; }
                else if (position == 1)
                {
                    long up = Parent(directory, out number);
                    if (up < 0) return written > 0 ? written : up;
                    name = ".."u8;
                    next = 2;
                }
                else
                {
                    ulong offset = position == 2 ? 0 : position;
                    long found = NextEntryIn(directory, in listed, ref offset, default, out IsoEntry entry);
                    if (found < 0) return written > 0 ? written : found;
                    if (found == 0) break;
                    number = entry.Inode;
                    type = DirentTypes.Of(entry.Mode);
                    name = Name(in entry);
                    next = offset;
                }
                int record = LinuxDirent64.RecordFor(name.Length);
                if (written + record > into.Length)
                {
                    if (written == 0) return -(long)LinuxErrno.EINVAL;
                    break;
                }
                Span<byte> dirent = into.Slice(written, record);
                dirent.Clear();
                BinaryPrimitives.WriteUInt64LittleEndian(dirent, number);
                BinaryPrimitives.WriteInt64LittleEndian(dirent.Slice(8), (long)next);
                BinaryPrimitives.WriteUInt16LittleEndian(dirent.Slice(16), (ushort)record);
                dirent[18] = type;
                name.CopyTo(dirent.Slice(LinuxDirent64.HeaderSize));
                written += record;
                position = next;
            }
            return written;
        }
    }
}
