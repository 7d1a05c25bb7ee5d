using System;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.FileSystems.Ext2
{
    // Removing and moving names (Linux's ext2_unlink, ext2_rmdir, ext2_rename) with Linux's
    // errors. An inode whose last name goes is left an orphan, `orphaned` says so, and VFS frees it
    // with PutNode when no program has it open (Inodes.cs).
    public sealed unsafe partial class Ext2Volume
    {
        private const int MaxDepth = 4096;

        public long Unlink(uint directory, ReadOnlySpan<byte> name, bool rmdir, uint uid, uint gid, out uint removed, out bool orphaned)
        {
            removed = 0;
            orphaned = false;
            long loaded = LoadInode(directory, out Ext2Inode parent);
            if (loaded < 0) return loaded;
            if (!FileModes.IsDirectory(parent.Mode)) return -(long)LinuxErrno.ENOTDIR;
            if (name.SequenceEqual("."u8)) return -(long)(rmdir ? LinuxErrno.EINVAL : LinuxErrno.EISDIR);
            if (name.SequenceEqual(".."u8)) return -(long)(rmdir ? LinuxErrno.ENOTEMPTY : LinuxErrno.EISDIR);
            long found = FindEntry(ref parent, name, out DirectoryEntry entry);
            if (found <= 0) return found < 0 ? found : -(long)LinuxErrno.ENOENT;
            loaded = LoadNamed(entry.Inode, out Ext2Inode inode);
            if (loaded < 0) return loaded;
            long allowed = MayRemove(in parent, in inode, uid, gid);
            if (allowed < 0) return allowed;
            bool isDirectory = FileModes.IsDirectory(inode.Mode);
            if (rmdir && !isDirectory) return -(long)LinuxErrno.ENOTDIR;
            if (!rmdir && isDirectory) return -(long)LinuxErrno.EISDIR;
            if (isDirectory)
            {
                long empty = IsEmptyDirectory(ref inode);
                if (empty <= 0) return empty < 0 ? empty : -(long)LinuxErrno.ENOTEMPTY;
            }
            long gone = RemoveEntry(ref parent, entry.Offset);
            if (gone < 0) return gone;
            Modified(ref parent);
            removed = inode.Number;
            return Unlinked(ref parent, ref inode, out orphaned);
        }

        public long Rename(uint oldDirectory, ReadOnlySpan<byte> oldName, uint newDirectory, ReadOnlySpan<byte> newName, int flags, uint uid, uint gid,
                           out uint replaced, out bool orphaned)
        {
            replaced = 0;
            orphaned = false;
            if (ReadOnly) return -(long)LinuxErrno.EROFS;
            if (IsDots(oldName) || IsDots(newName)) return -(long)LinuxErrno.EBUSY;
            if (newName.Length == 0 || oldName.Length == 0) return -(long)LinuxErrno.ENOENT;
            if (newName.Length > FileLimits.NameMax) return -(long)LinuxErrno.ENAMETOOLONG;
            long loaded = LoadInode(oldDirectory, out Ext2Inode from);
            if (loaded < 0) return loaded;
            if (!FileModes.IsDirectory(from.Mode)) return -(long)LinuxErrno.ENOTDIR;
            long found = FindEntry(ref from, oldName, out DirectoryEntry oldEntry);
            if (found <= 0) return found < 0 ? found : -(long)LinuxErrno.ENOENT;
            loaded = LoadNamed(oldEntry.Inode, out Ext2Inode moving);
            if (loaded < 0) return loaded;
            long allowed = MayRemove(in from, in moving, uid, gid);
            if (allowed < 0) return allowed;
            bool isDirectory = FileModes.IsDirectory(moving.Mode);
            if (isDirectory && oldDirectory != newDirectory)
            {
                long inside = IsWithin(newDirectory, moving.Number);
                if (inside != 0) return inside > 0 ? -(long)LinuxErrno.EINVAL : inside;
            }
            loaded = LoadInode(newDirectory, out Ext2Inode to);
            if (loaded < 0) return loaded;
            if (!FileModes.IsDirectory(to.Mode)) return -(long)LinuxErrno.ENOTDIR;
            if (!MayAccess(in to, uid, gid, AccessModes.Write | AccessModes.Execute)) return -(long)LinuxErrno.EACCES;
            found = FindEntry(ref to, newName, out DirectoryEntry newEntry);
            if (found < 0) return found;
            Ext2Inode old = default;
            if (found > 0)
            {
                if ((flags & FsCreateFlags.NoReplace) != 0) return -(long)LinuxErrno.EEXIST;
                if (newEntry.Inode == moving.Number) return 0;
                loaded = LoadNamed(newEntry.Inode, out old);
                if (loaded < 0) return loaded;
                if (IsMountPoint(InodeBase + old.Number)) return -(long)LinuxErrno.EBUSY;
                bool oldIsDirectory = FileModes.IsDirectory(old.Mode);
                if (isDirectory && !oldIsDirectory) return -(long)LinuxErrno.ENOTDIR;
                if (!isDirectory && oldIsDirectory) return -(long)LinuxErrno.EISDIR;
                if (oldIsDirectory)
                {
                    long empty = IsEmptyDirectory(ref old);
                    if (empty <= 0) return empty < 0 ? empty : -(long)LinuxErrno.ENOTEMPTY;
                }
                allowed = MayRemove(in to, in old, uid, gid);
                if (allowed < 0) return allowed;
            }
            else if (isDirectory && oldDirectory != newDirectory && to.Links >= MaxLinks) return -(long)LinuxErrno.EMLINK;
            // The new name first (so a failure leaves the old one), then the old name goes.
            long named = found > 0 ? RetargetEntry(ref to, newEntry.Offset, moving.Number, moving.Mode) : AddEntry(ref to, newName, moving.Number, moving.Mode);
            if (named < 0) return named;
            if (found > 0)
            {
                replaced = old.Number;
                long released = Unlinked(ref to, ref old, out orphaned);
                if (released < 0) return released;
            }
            if (isDirectory && oldDirectory != newDirectory) to.Links++;
            Modified(ref to);
            long written = WriteInode(in to);
            if (written < 0) return written;
            // The old directory again: the new entry may have been added to the same one.
            loaded = LoadInode(oldDirectory, out from);
            if (loaded < 0) return loaded;
            found = FindEntry(ref from, oldName, out oldEntry);
            if (found <= 0) return found < 0 ? found : Corrupt("a renamed entry vanished", oldDirectory);
            long removed = RemoveEntry(ref from, oldEntry.Offset);
            if (removed < 0) return removed;
            if (isDirectory && oldDirectory != newDirectory)
            {
                from.Links--;
                long moved = SetParent(ref moving, newDirectory);
                if (moved < 0) return moved;
            }
            Modified(ref from);
            written = WriteInode(in from);
            if (written < 0) return written;
            Changed(ref moving);
            return WriteInode(in moving);
        }

        // One name of `inode` gone from `parent` (already written or written by the caller):
        // a directory loses both its links and the parent the one of its "..".
        private long Unlinked(ref Ext2Inode parent, ref Ext2Inode inode, out bool orphaned)
        {
            orphaned = false;
            if (FileModes.IsDirectory(inode.Mode))
            {
                inode.Links = 0;
                if (parent.Links > 1) parent.Links--;
            }
            else if (inode.Links > 0) inode.Links--;
            Changed(ref inode);
            long written = WriteInode(in parent);
            if (written < 0) return written;
            orphaned = inode.Links == 0;
            return WriteInode(in inode);
        }

        // A moved directory's ".." names its new parent.
        private long SetParent(ref Ext2Inode directory, uint parent)
        {
            long found = FindEntry(ref directory, ".."u8, out DirectoryEntry dotDot);
            if (found <= 0) return found < 0 ? found : Corrupt("a directory has no \"..\"", directory.Number);
            return RetargetEntry(ref directory, dotDot.Offset, parent, FileModes.Directory);
        }

        // 1 when `directory` is `ancestor` or lies under it (by ".." up to the root), else 0.
        private long IsWithin(uint directory, uint ancestor)
        {
            uint here = directory;
            for (int depth = 0; depth < MaxDepth; depth++)
            {
                if (here == ancestor) return 1;
                if (here == RootInode) return 0;
                long loaded = LoadInode(here, out Ext2Inode inode);
                if (loaded < 0) return loaded;
                long found = FindEntry(ref inode, ".."u8, out DirectoryEntry dotDot);
                if (found <= 0) return found < 0 ? found : Corrupt("a directory has no \"..\"", here);
                here = dotDot.Inode;
            }
            return Corrupt("the directories' \"..\" entries make a cycle", directory);
        }

        // Taking a name away: the directory writable and searchable, its sticky bit (only the
        // owner of the file or of the directory, or root), no mount point.
        private long MayRemove(in Ext2Inode parent, in Ext2Inode child, uint uid, uint gid)
        {
            if (ReadOnly) return -(long)LinuxErrno.EROFS;
            if (!MayAccess(in parent, uid, gid, AccessModes.Write | AccessModes.Execute)) return -(long)LinuxErrno.EACCES;
            if ((parent.Mode & FileModes.Sticky) != 0 && uid != 0 && uid != child.Uid && uid != parent.Uid) return -(long)LinuxErrno.EPERM;
            return IsMountPoint(InodeBase + child.Number) ? -(long)LinuxErrno.EBUSY : 0;
        }

        private static bool IsDots(ReadOnlySpan<byte> name) => name.SequenceEqual("."u8) || name.SequenceEqual(".."u8);
    }
}
