using System;
using Lunix.Abi.Linux;

namespace Lunix.FileSystems.Ext2
{
    // Making names (Linux's ext2_create, ext2_mknod, ext2_mkdir, ext2_symlink, ext2_link): the
    // checks of the directory they go in (a directory still linked, writable and searchable by
    // the caller, the name new), a new inode, its entry. Each returns the inode's ext2 number, or
    // a negated errno; `existing` is the inode an EEXIST names.
    public sealed unsafe partial class Ext2Volume
    {
        private const ushort MaxLinks = 32000;              // EXT2_LINK_MAX

        public long Create(uint directory, ReadOnlySpan<byte> name, uint mode, uint uid, uint gid, ulong device, out uint existing)
        {
            long ready = MayAdd(directory, name, uid, gid, out Ext2Inode parent, out existing);
            if (ready < 0) return ready;
            long made = NewInode(ref parent, mode, uid, gid, out Ext2Inode inode);
            if (made < 0) return made;
            if (FileModes.IsDevice(inode.Mode)) SetDevice(ref inode, device);
            return Named(ref parent, name, ref inode);
        }

        public long MakeDirectory(uint directory, ReadOnlySpan<byte> name, uint mode, uint uid, uint gid)
        {
            long ready = MayAdd(directory, name, uid, gid, out Ext2Inode parent, out _);
            if (ready < 0) return ready;
            if (parent.Links >= MaxLinks) return -(long)LinuxErrno.EMLINK;
            long made = NewInode(ref parent, FileModes.Directory | (mode & FileModes.Permissions), uid, gid, out Ext2Inode inode);
            if (made < 0) return made;
            inode.Links = 2;
            long mapped = Map(ref inode, 0, true, out uint block);
            if (mapped < 0) return Abandon(ref inode, mapped);
            long got = _cache.Get(block, true, out Span<byte> bytes);
            if (got < 0) return Abandon(ref inode, got);
            WriteRecord(bytes, "."u8, inode.Number, FileModes.Directory, 12);
            WriteRecord(bytes.Slice(12), ".."u8, parent.Number, FileModes.Directory, BlockSize - 12);
            inode.Size = (uint)BlockSize;
            parent.Links++;
            return Named(ref parent, name, ref inode);
        }

        public long Symlink(uint directory, ReadOnlySpan<byte> name, ReadOnlySpan<byte> target, uint uid, uint gid)
        {
            if (target.Length == 0) return -(long)LinuxErrno.ENOENT;
            if (target.Length >= BlockSize) return -(long)LinuxErrno.ENAMETOOLONG;
            long ready = MayAdd(directory, name, uid, gid, out Ext2Inode parent, out _);
            if (ready < 0) return ready;
            long made = NewInode(ref parent, FileModes.Symlink | 0x1FF, uid, gid, out Ext2Inode inode);
            if (made < 0) return made;
            if (target.Length < 60)
            {
                // A fast symlink: the target in the block pointers' 60 bytes.
                Span<byte> inline = _fastLink;
                inline.Clear();
                target.CopyTo(inline);
                for (int i = 0; i < Ext2Inode.Pointers; i++) inode.Block[i] = SuperBlock.U32(inline, i * 4);
            }
            else
            {
                long written = WriteRun(ref inode, 0, (ulong)target.Length, out Span<byte> run);
                if (written < 0) return Abandon(ref inode, written);
                target.CopyTo(run);
            }
            inode.Size = (ulong)target.Length;
            return Named(ref parent, name, ref inode);
        }

        public long Link(uint directory, ReadOnlySpan<byte> name, uint target, uint uid, uint gid)
        {
            long ready = MayAdd(directory, name, uid, gid, out Ext2Inode parent, out _);
            if (ready < 0) return ready;
            long loaded = LoadInode(target, out Ext2Inode inode);
            if (loaded < 0) return loaded;
            if (FileModes.IsDirectory(inode.Mode)) return -(long)LinuxErrno.EPERM;
            if (inode.Links == 0) return -(long)LinuxErrno.ENOENT;
            if (inode.Links >= MaxLinks) return -(long)LinuxErrno.EMLINK;
            long added = AddEntry(ref parent, name, inode.Number, inode.Mode);
            if (added < 0) return added;
            inode.Links++;
            Changed(ref inode);
            Modified(ref parent);
            long written = WriteInode(in parent);
            return written < 0 ? written : WriteInode(in inode) < 0 ? -(long)LinuxErrno.EIO : inode.Number;
        }

        // The directory a name is added to, checked; -EEXIST with `existing` when it is taken.
        private long MayAdd(uint directory, ReadOnlySpan<byte> name, uint uid, uint gid, out Ext2Inode parent, out uint existing)
        {
            existing = 0;
            long loaded = LoadInode(directory, out parent);
            if (loaded < 0) return loaded;
            if (!FileModes.IsDirectory(parent.Mode)) return -(long)LinuxErrno.ENOTDIR;
            if (name.Length == 0) return -(long)LinuxErrno.ENOENT;
            if (name.Length > FileLimits.NameMax) return -(long)LinuxErrno.ENAMETOOLONG;
            if (name.IndexOf((byte)'/') >= 0 || name.IndexOf((byte)0) >= 0) return -(long)LinuxErrno.EINVAL;
            long found = FindEntry(ref parent, name, out DirectoryEntry entry);
            if (found < 0) return found;
            if (found > 0)
            {
                existing = entry.Inode;
                return -(long)LinuxErrno.EEXIST;
            }
            if (parent.Links == 0) return -(long)LinuxErrno.ENOENT;
            if (!MayAccess(in parent, uid, gid, AccessModes.Write | AccessModes.Execute)) return -(long)LinuxErrno.EACCES;
            return ReadOnly ? -(long)LinuxErrno.EROFS : 0;
        }

        // A fresh inode of `mode` owned by `uid`, its group the directory's when the directory is
        // set-group-ID (which a new directory inherits), one link.
        private long NewInode(ref Ext2Inode parent, uint mode, uint uid, uint gid, out Ext2Inode inode)
        {
            inode = default;
            long allocated = AllocateInode(parent.Number, FileModes.IsDirectory(mode), out uint number);
            if (allocated < 0) return allocated;
            long read = ReadInode(number, out inode);
            if (read < 0) return read;
            if ((parent.Mode & FileModes.SetGid) != 0)
            {
                gid = parent.Gid;
                if (FileModes.IsDirectory(mode)) mode |= FileModes.SetGid;
            }
            inode.Mode = mode;
            inode.Uid = uid;
            inode.Gid = gid;
            inode.Links = 1;
            inode.AccessTime = inode.ChangeTime = inode.ModifyTime = NowSeconds;
            inode.AccessNanoseconds = inode.ChangeNanoseconds = inode.ModifyNanoseconds = NowNanoseconds;
            return 0;
        }

        // The new inode written and named in `parent`; on failure it is freed again.
        private long Named(ref Ext2Inode parent, ReadOnlySpan<byte> name, ref Ext2Inode inode)
        {
            long added = AddEntry(ref parent, name, inode.Number, inode.Mode);
            if (added < 0)
            {
                if (FileModes.IsDirectory(inode.Mode)) parent.Links--;
                return Abandon(ref inode, added);
            }
            Modified(ref parent);
            long written = WriteInode(in parent);
            if (written < 0) return written;
            written = WriteInode(in inode);
            return written < 0 ? written : inode.Number;
        }

        private long Abandon(ref Ext2Inode inode, long error)
        {
            inode.Links = 0;
            Release(ref inode);
            return error;
        }

        // An inode without links or holders: its blocks and number freed, its deletion time set.
        private long Release(ref Ext2Inode inode)
        {
            bool directory = FileModes.IsDirectory(inode.Mode);
            if (!IsFastSymlink(in inode) && !FileModes.IsDevice(inode.Mode))
            {
                long freed = FreeFrom(ref inode, 0);
                if (freed < 0) return freed;
            }
            inode.Size = 0;
            inode.Links = 0;
            inode.DeleteTime = NowSeconds;
            long written = WriteInode(in inode);
            if (written < 0) return written;
            return FreeInode(inode.Number, directory);
        }

        // Devices keep their number in the first pointer (old encoding) or the second (new), as
        // Linux's ext2 does.
        private static void SetDevice(ref Ext2Inode inode, ulong device)
        {
            uint major = DeviceNumbers.Major(device), minor = DeviceNumbers.Minor(device);
            if (major < 256 && minor < 256) inode.Block[0] = major << 8 | minor;
            else inode.Block[1] = (minor & 0xFF) | (major << 8) | ((minor & ~0xFFu) << 12);
        }

        public static ulong DeviceOf(in Ext2Inode inode)
        {
            if (!FileModes.IsDevice(inode.Mode)) return 0;
            uint old = inode.Block[0], modern = inode.Block[1];
            if (old != 0) return DeviceNumbers.Make((old >> 8) & 0xFF, old & 0xFF);
            return DeviceNumbers.Make((modern & 0xFFF00) >> 8, (modern & 0xFF) | ((modern >> 12) & 0xFFF00));
        }

        // Linux's permission rules: root reads and writes anything and executes what anyone may;
        // else the owner's, the group's or the others' bits.
        public static bool MayAccess(in Ext2Inode inode, uint uid, uint gid, int want)
        {
            if (uid == 0) return (want & AccessModes.Execute) == 0 || FileModes.IsDirectory(inode.Mode) || (inode.Mode & 0x49) != 0;
            int bits = (int)(uid == inode.Uid ? inode.Mode >> 6 : gid == inode.Gid ? inode.Mode >> 3 : inode.Mode) & 7;
            return (bits & want) == want;
        }
    }
}
