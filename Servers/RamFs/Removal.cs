using System;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.RamFs
{
    // Removing and moving names (MINIX's REQ_UNLINK, REQ_RMDIR, REQ_RENAME), with Linux's errors.
    // An inode whose last name goes is freed at once, unless VFS holds it (an open file, a working
    // directory): then it waits for PutNode, and the reply says so (`orphaned`).
    public sealed partial class RamFileSystem
    {
        public long Unlink(ulong directory, ReadOnlySpan<byte> name, int flags, uint uid, uint gid, in FileTime now, out uint removed, out bool orphaned)
        {
            removed = 0;
            orphaned = false;
            bool rmdir = (flags & FsCreateFlags.RemoveDirectory) != 0;
            if (!Inodes.IsValid(directory)) return -(long)LinuxErrno.ENOENT;
            ref Inode parent = ref Inodes[(uint)directory];
            if (!FileModes.IsDirectory(parent.Mode)) return -(long)LinuxErrno.ENOTDIR;
            if (name.Length > FileLimits.NameMax) return -(long)LinuxErrno.ENAMETOOLONG;
            if (name.Length == 1 && name[0] == '.') return -(long)(rmdir ? LinuxErrno.EINVAL : LinuxErrno.EISDIR);
            if (name.Length == 2 && name[0] == '.' && name[1] == '.') return -(long)(rmdir ? LinuxErrno.ENOTEMPTY : LinuxErrno.EISDIR);
            uint child = Directories.Find(ref parent, name, out ulong offset);
            if (child == 0) return -(long)LinuxErrno.ENOENT;
            ref Inode inode = ref Inodes[child];
            long allowed = MayRemove(ref parent, ref inode, uid, gid, (uint)directory);
            if (allowed != 0) return allowed;
            if (rmdir)
            {
                if (!FileModes.IsDirectory(inode.Mode)) return -(long)LinuxErrno.ENOTDIR;
                if (!Directories.IsEmpty(ref inode)) return -(long)LinuxErrno.ENOTEMPTY;
            }
            else if (FileModes.IsDirectory(inode.Mode)) return -(long)LinuxErrno.EISDIR;
            Directories.Remove(ref parent, offset);
            Modified(ref parent, now);
            Unlinked(child, (uint)directory, now, out orphaned);
            removed = child;
            return 0;
        }

        public long Rename(ulong oldDirectory, ReadOnlySpan<byte> oldName, ulong newDirectory, ReadOnlySpan<byte> newName, int flags, uint uid, uint gid,
                           in FileTime now, out uint replaced, out bool orphaned)
        {
            replaced = 0;
            orphaned = false;
            if (!Inodes.IsValid(oldDirectory) || !Inodes.IsValid(newDirectory)) return -(long)LinuxErrno.ENOENT;
            ref Inode from = ref Inodes[(uint)oldDirectory];
            ref Inode to = ref Inodes[(uint)newDirectory];
            if (!FileModes.IsDirectory(from.Mode) || !FileModes.IsDirectory(to.Mode)) return -(long)LinuxErrno.ENOTDIR;
            if (oldName.Length > FileLimits.NameMax || newName.Length > FileLimits.NameMax) return -(long)LinuxErrno.ENAMETOOLONG;
            if (IsDotOrDotDot(oldName) || IsDotOrDotDot(newName)) return -(long)LinuxErrno.EBUSY;
            if (newName.Length == 0) return -(long)LinuxErrno.ENOENT;
            uint moving = Directories.Find(ref from, oldName, out ulong oldOffset);
            if (moving == 0) return -(long)LinuxErrno.ENOENT;
            if (from.Instance != to.Instance) return -(long)LinuxErrno.EXDEV;
            ref Inode inode = ref Inodes[moving];
            long allowed = MayRemove(ref from, ref inode, uid, gid, (uint)oldDirectory);
            if (allowed != 0) return allowed;
            if (!MayAccess(ref to, uid, gid, AccessModes.Write | AccessModes.Execute)) return -(long)LinuxErrno.EACCES;
            bool isDirectory = FileModes.IsDirectory(inode.Mode);
            if (isDirectory)
                for (uint up = (uint)newDirectory; ; up = Inodes[up].Parent)
                {
                    if (up == moving) return -(long)LinuxErrno.EINVAL;     // into its own subtree
                    if (Inodes[up].Parent == up) break;
                }
            uint target = Directories.Find(ref to, newName, out ulong newOffset);
            if (target != 0 && (flags & FsCreateFlags.NoReplace) != 0) return -(long)LinuxErrno.EEXIST;
            if (target == moving) return 0;
            if (target != 0)
            {
                ref Inode old = ref Inodes[target];
                if (old.MountPoint) return -(long)LinuxErrno.EBUSY;
                if (isDirectory && !FileModes.IsDirectory(old.Mode)) return -(long)LinuxErrno.ENOTDIR;
                if (!isDirectory && FileModes.IsDirectory(old.Mode)) return -(long)LinuxErrno.EISDIR;
                if (FileModes.IsDirectory(old.Mode) && !Directories.IsEmpty(ref old)) return -(long)LinuxErrno.ENOTEMPTY;
                long mayReplace = MayRemove(ref to, ref old, uid, gid, (uint)newDirectory);
                if (mayReplace != 0) return mayReplace;
                Directories.Replace(ref to, newOffset, moving, DirentTypes.Of(inode.Mode));
                Unlinked(target, (uint)newDirectory, now, out orphaned);
                replaced = target;
            }
            else
            {
                long added = Directories.Add(ref to, newName, moving, DirentTypes.Of(inode.Mode));
                if (added != 0) return added;
                if (isDirectory) to.Links++;
            }
            Directories.Remove(ref from, oldOffset);
            if (isDirectory)
            {
                inode.Parent = (uint)newDirectory;
                from.Links--;
            }
            Modified(ref from, now);
            Modified(ref to, now);
            Changed(ref inode, now);
            return 0;
        }

        // The checks of taking a name away: the directory writable and searchable, its sticky bit
        // (only the owner of the file or of the directory, or root), the instance writable, and no
        // mount point.
        private long MayRemove(ref Inode parent, ref Inode child, uint uid, uint gid, uint directory)
        {
            if (!MayAccess(ref parent, uid, gid, AccessModes.Write | AccessModes.Execute)) return -(long)LinuxErrno.EACCES;
            if ((parent.Mode & FileModes.Sticky) != 0 && uid != 0 && uid != child.Uid && uid != parent.Uid) return -(long)LinuxErrno.EPERM;
            if (IsReadOnly(directory)) return -(long)LinuxErrno.EROFS;
            if (child.MountPoint) return -(long)LinuxErrno.EBUSY;
            return 0;
        }

        // One name of `child` in `directory` is gone: a directory loses all its links (and its
        // parent the child's ".."), a file one.
        private void Unlinked(uint child, uint directory, in FileTime now, out bool orphaned)
        {
            ref Inode inode = ref Inodes[child];
            if (FileModes.IsDirectory(inode.Mode))
            {
                inode.Links = 0;
                Inodes[directory].Links--;
            }
            else inode.Links--;
            Changed(ref inode, now);
            orphaned = inode.Links == 0 && inode.Held;
            Release(child);
        }
    }
}
