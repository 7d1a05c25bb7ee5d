using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.FileSystem
{
    // Linux's rules for chmod, chown and utimensat (REQ_CHMOD, REQ_CHOWN, REQ_UTIME) by the caller
    // `uid`/`gid`, for every file system that keeps modes and owners: only the owner or root
    // changes the mode, and times given explicitly; anyone who may write the file may set both
    // times to now; only root gives a file away, and the owner may give it to a group of its own
    // (here its gid), which clears set-user-ID and set-group-ID on a non-directory.
    public static class AttributeRules
    {
        // `change` checked and its mode and owners applied to `mode`, `owner`, `group`: 0, or
        // -EPERM / -EACCES with nothing changed. The caller then sets the times it asks for.
        public static long Apply(in FsAttributes change, uint uid, uint gid, bool mayWrite, ref uint mode, ref uint owner, ref uint group)
        {
            bool isOwner = uid == 0 || uid == owner;
            if ((change.Which & FsAttributeKinds.Mode) != 0 && !isOwner) return -(long)LinuxErrno.EPERM;
            bool newOwner = change.Uid != uint.MaxValue && change.Uid != owner;
            bool newGroup = change.Gid != uint.MaxValue && change.Gid != group;
            if ((change.Which & FsAttributeKinds.Owner) != 0 && uid != 0 && (newOwner || (newGroup && (uid != owner || change.Gid != gid))))
                return -(long)LinuxErrno.EPERM;
            if ((change.Which & FsAttributeKinds.Times) != 0)
            {
                bool bothNow = change.AccessNanoseconds == TimeSpecials.Now && change.ModifyNanoseconds == TimeSpecials.Now;
                if (!isOwner && (!bothNow || !mayWrite)) return -(long)(bothNow ? LinuxErrno.EACCES : LinuxErrno.EPERM);
            }
            if ((change.Which & FsAttributeKinds.Mode) != 0) mode = (mode & FileModes.TypeMask) | (change.Mode & FileModes.Permissions);
            if ((change.Which & FsAttributeKinds.Owner) != 0)
            {
                if (change.Uid != uint.MaxValue) owner = change.Uid;
                if (change.Gid != uint.MaxValue) group = change.Gid;
                if (!FileModes.IsDirectory(mode) && (newOwner || newGroup) && uid != 0) mode &= ~(FileModes.SetUid | FileModes.SetGid);
            }
            return 0;
        }
    }
}
