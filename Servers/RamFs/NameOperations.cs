using System;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.RamFs
{
    // Making names (MINIX's REQ_CREATE, REQ_MKNOD, REQ_MKDIR, REQ_SLINK, REQ_LINK): each checks the
    // directory (a directory still linked, writable by the caller, on a writable instance), the
    // name (no "." or "..", at most NAME_MAX bytes, not there yet), then makes the inode and its
    // entry. Results: the inode's number, or a negated errno.
    public sealed partial class RamFileSystem
    {
        // A regular file, device or fifo `name` in `directory`. With OpenExisting, a name that is
        // there is -EEXIST with its number in `existing`.
        public long Create(ulong directory, ReadOnlySpan<byte> name, uint mode, uint uid, uint gid, ulong device, int flags, in FileTime now, out uint existing)
        {
            existing = 0;
            long checkedName = CheckNewName(directory, name, uid, gid, out existing);
            if (checkedName != 0) return checkedName;
            uint type = mode & FileModes.TypeMask;
            if (type == 0) mode |= FileModes.Regular;
            else if (type != FileModes.Regular && type != FileModes.CharDevice && type != FileModes.BlockDevice && type != FileModes.Fifo && type != FileModes.Socket)
                return -(long)LinuxErrno.EINVAL;
            long made = MakeEntry((uint)directory, name, mode, uid, gid, now);
            if (made > 0 && (type == FileModes.CharDevice || type == FileModes.BlockDevice)) Inodes[(uint)made].SpecialDevice = device;
            return made;
        }

        public long MakeDirectory(ulong directory, ReadOnlySpan<byte> name, uint mode, uint uid, uint gid, in FileTime now)
        {
            long checkedName = CheckNewName(directory, name, uid, gid, out _);
            if (checkedName != 0) return checkedName;
            long made = MakeEntry((uint)directory, name, FileModes.Directory | (mode & FileModes.Permissions), uid, gid, now);
            if (made <= 0) return made;
            ref Inode child = ref Inodes[(uint)made];
            child.Links = 2;
            child.Parent = (uint)directory;
            Inodes[(uint)directory].Links++;
            return made;
        }

        public long Symlink(ulong directory, ReadOnlySpan<byte> name, ReadOnlySpan<byte> target, uint uid, uint gid, in FileTime now)
        {
            if (target.Length == 0) return -(long)LinuxErrno.ENOENT;
            if (target.Length >= FileLimits.PathMax) return -(long)LinuxErrno.ENAMETOOLONG;
            long checkedName = CheckNewName(directory, name, uid, gid, out _);
            if (checkedName != 0) return checkedName;
            long made = MakeEntry((uint)directory, name, FileModes.Symlink | 0x1FF, uid, gid, now);
            if (made <= 0) return made;
            long written = WriteAll(ref Inodes[(uint)made], 0, target);
            if (written < 0)
            {
                Unlink(directory, name, 0, uid, gid, now, out _, out _);
                return written;
            }
            return made;
        }

        // A new name for `inode` (not a directory: EPERM, as Linux).
        public long Link(ulong directory, ReadOnlySpan<byte> name, ulong inode, uint uid, uint gid, in FileTime now)
        {
            if (!Inodes.IsValid(inode)) return -(long)LinuxErrno.ENOENT;
            ref Inode target = ref Inodes[(uint)inode];
            if (FileModes.IsDirectory(target.Mode)) return -(long)LinuxErrno.EPERM;
            if (target.Links == 0) return -(long)LinuxErrno.ENOENT;
            if (Inodes.IsValid(directory) && Inodes[(uint)directory].Instance != target.Instance) return -(long)LinuxErrno.EXDEV;
            long checkedName = CheckNewName(directory, name, uid, gid, out _);
            if (checkedName != 0) return checkedName;
            long added = Directories.Add(ref Inodes[(uint)directory], name, (uint)inode, DirentTypes.Of(target.Mode));
            if (added != 0) return added;
            target.Links++;
            Changed(ref target, now);
            Modified(ref Inodes[(uint)directory], now);
            return (long)inode;
        }

        // Bytes into an inode's data from `position`: the count, or a negated errno.
        public long WriteAll(ref Inode inode, ulong position, ReadOnlySpan<byte> bytes)
        {
            int done = 0;
            while (done < bytes.Length)
            {
                long made = Data.WriteRun(ref inode, position + (ulong)done, (ulong)(bytes.Length - done), out Span<byte> run);
                if (made != 0) return done > 0 ? done : made;
                bytes.Slice(done, run.Length).CopyTo(run);
                FileData.Wrote(ref inode, position + (ulong)done, (ulong)run.Length);
                done += run.Length;
            }
            return done;
        }

        private long CheckNewName(ulong directory, ReadOnlySpan<byte> name, uint uid, uint gid, out uint existing)
        {
            existing = 0;
            if (!Inodes.IsValid(directory)) return -(long)LinuxErrno.ENOENT;
            ref Inode parent = ref Inodes[(uint)directory];
            if (!FileModes.IsDirectory(parent.Mode)) return -(long)LinuxErrno.ENOTDIR;
            if (name.Length == 0) return -(long)LinuxErrno.ENOENT;
            if (name.Length > FileLimits.NameMax) return -(long)LinuxErrno.ENAMETOOLONG;
            if (IsDotOrDotDot(name)) return -(long)LinuxErrno.EEXIST;
            existing = Directories.Find(ref parent, name, out _);
            if (existing != 0) return -(long)LinuxErrno.EEXIST;
            if (parent.Links == 0) return -(long)LinuxErrno.ENOENT;             // removed while someone was in it
            if (!MayAccess(ref parent, uid, gid, AccessModes.Write | AccessModes.Execute)) return -(long)LinuxErrno.EACCES;
            if (IsReadOnly((uint)directory)) return -(long)LinuxErrno.EROFS;
            return 0;
        }

        private long MakeEntry(uint directory, ReadOnlySpan<byte> name, uint mode, uint uid, uint gid, in FileTime now)
        {
            uint made = Inodes.Allocate(mode, uid, gid, Inodes[directory].Instance, now);
            if (made == 0) return -(long)LinuxErrno.ENOSPC;
            Inodes[made].Links = 1;
            long added = Directories.Add(ref Inodes[directory], name, made, DirentTypes.Of(mode));
            if (added != 0)
            {
                Inodes[made].Links = 0;
                Release(made);
                return added;
            }
            Modified(ref Inodes[directory], now);
            return made;
        }

        private static bool IsDotOrDotDot(ReadOnlySpan<byte> name) =>
            (name.Length == 1 && name[0] == '.') || (name.Length == 2 && name[0] == '.' && name[1] == '.');
    }
}
