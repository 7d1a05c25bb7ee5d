namespace Lunix.Abi
{
    // VFS to a file system server (MINIX's REQ_* protocol, minix/vfsif.h): every request by
    // SENDREC from VFS, answered at once with an FsReply (Result 0, a count, or a negated Linux
    // errno; file systems wait on nobody). File systems serve VFS only.
    //
    // Inodes are the file system's numbers (st_ino), unique in the server across its instances.
    // Names and paths are in VFS's path buffer, which VFS grants to each file system once (read
    // and write: Lookup may write an expanded symlink back), named in the request by offset and
    // length. File data, stat records and directory entries move by a grant VFS makes: a magic
    // grant (GrantFlags.Magic) over the calling program's own buffer, so the file system copies
    // straight to or from it and the bytes move once.
    public static class FsRequests
    {
        // An FsMount: a new instance of the file system (MINIX's REQ_READSUPER) whose st_dev is
        // Device; reply Inode = its root directory. Flags: FsMountFlags.
        public const int Mount = 0x0E00;
        // An FsInode whose Inode is the instance's root: the instance ends (REQ_UNMOUNT). VFS has
        // checked that nothing of it is in use.
        public const int Unmount = 0x0E01;
        // An FsLookup: resolve a path from a directory (REQ_LOOKUP). The file system walks it as
        // far as it can and answers with the inode's details, or stops with one of FsLookupStops
        // for VFS to go on elsewhere (the rest of the path written back, RestLength long).
        public const int Lookup = 0x0E02;
        // An FsInode: VFS lets go of the inode (REQ_PUTNODE); one with no links left is freed.
        public const int PutNode = 0x0E03;
        // An FsCreate: a regular file, device or fifo named Name in Directory (REQ_CREATE,
        // REQ_MKNOD); with FsCreateFlags.OpenExisting an existing entry is answered with -EEXIST
        // and its details, so open(O_CREAT) needs one request either way.
        public const int Create = 0x0E04;
        public const int MakeDirectory = 0x0E05;       // an FsCreate (REQ_MKDIR)
        // An FsCreate whose Target/TargetLength name the link's contents (REQ_SLINK).
        public const int Symlink = 0x0E06;
        // An FsCreate: a new name Name in Directory for Inode (REQ_LINK).
        public const int Link = 0x0E07;
        // An FsCreate: remove Name from Directory (REQ_UNLINK, REQ_RMDIR with
        // FsCreateFlags.RemoveDirectory). Reply Inode = the inode removed; Flags has
        // FsReplyFlags.Orphaned when it has no links left but is kept because VFS holds it.
        public const int Unlink = 0x0E08;
        // An FsRename (REQ_RENAME); a replaced target is reported as Unlink reports.
        public const int Rename = 0x0E09;
        // An FsData: up to Length bytes of the symlink Inode's contents into the grant (REQ_RDLINK).
        public const int ReadLink = 0x0E0A;
        // An FsData: Length bytes of Inode from Position into the grant (REQ_READ); reply Result =
        // the count (short at the end of the file).
        public const int Read = 0x0E0B;
        // An FsData: Length bytes from the grant into Inode at Position (REQ_WRITE); reply Result
        // = the count, Size = the file's new length.
        public const int Write = 0x0E0C;
        // An FsData: the file becomes Position bytes long (REQ_FTRUNC).
        public const int Truncate = 0x0E0D;
        // An FsData: Inode's Linux struct stat (Flags 0) or struct statx (Flags = the mask asked,
        // FsDataFlags.Statx set) into the grant (REQ_STAT).
        public const int Stat = 0x0E0E;
        // An FsAttributes: chmod, chown, utimensat (REQ_CHMOD, REQ_CHOWN, REQ_UTIME).
        public const int SetAttributes = 0x0E0F;
        // An FsData: linux_dirent64 records of directory Inode from entry Position into the grant,
        // at most Length bytes (REQ_GETDENTS); reply Result = bytes, Size = the next Position.
        public const int ReadDirectory = 0x0E10;
        // An FsData: the struct statfs of Inode's instance into Grant (REQ_STATVFS).
        public const int StatFs = 0x0E11;
        // An FsInode: Inode is (Flags 1) or is no longer (Flags 0) a mount point: a lookup that
        // reaches it stops with EnterMount (REQ_MOUNTPOINT).
        public const int MountPoint = 0x0E12;
        // An FsInode: write back what is cached (REQ_SYNC); 0 at once for a RAM file system.
        public const int Sync = 0x0E13;
        // An FsData: a read grant of the whole file's bytes, in one piece, made out to Position's
        // endpoint (PM, for EXEC); reply Result = its length, Inode = the grant id. Release: an
        // FsInode whose Inode is that grant id, revoked.
        public const int GrantFile = 0x0E14;
        public const int ReleaseGrant = 0x0E15;

        public const int Reply = 0x0E80;
    }

    public static class FsMountFlags
    {
        public const int ReadOnly = 1;
        // The root file system: filled from the boot archives (the modules "root" and "initrd").
        public const int BootArchives = 2;
    }

    public static class FsLookupFlags
    {
        public const int FollowLast = 1;            // follow a symlink in the last component
        public const int Keep = 2;                  // VFS holds the result (PutNode lets it go)
        public const int Directory = 4;             // the result must be a directory (a trailing '/')
    }

    // Why a lookup stopped short (FsReply.Result), MINIX's EENTERMOUNT, ELEAVEMOUNT and ESYMLINK:
    // beyond Linux's errnos, never seen by a program. At each stop the file system writes the
    // rest of the path to resolve back into VFS's buffer at PathOffset (it may differ from what
    // VFS sent: symlinks followed on the way), its length in RestLength.
    public static class FsLookupStops
    {
        // Inode is a mount point: go on from the root of the file system mounted there.
        public const long EnterMount = -1001;
        // '..' at the instance's root Inode: go on from the directory it is mounted on (the rest
        // starts with that '..').
        public const long LeaveMount = -1002;
        // A symlink to an absolute path, with the process's root outside this file system: go on
        // from the process's root.
        public const long Symlink = -1003;
    }

    public static class FsCreateFlags
    {
        public const int OpenExisting = 1;          // Create: an existing name is -EEXIST with its details
        public const int RemoveDirectory = 2;       // Unlink: the name must be an empty directory
        public const int NoReplace = 4;             // Rename: an existing target is -EEXIST
    }

    public static class FsDataFlags
    {
        public const uint Statx = 0x80000000;       // Stat: a struct statx, the other bits its mask
    }

    public static class FsReplyFlags
    {
        public const int Orphaned = 1;              // Unlink, Rename: the removed inode waits for PutNode
        public const int MountPoint = 2;            // Lookup: the inode is a mount point
        // Mount: nothing but VFS's requests changes the file system (no other writers, no files
        // that change by themselves, as /proc's do), so VFS may keep its names and inodes.
        public const int OnlyVfsChanges = 4;
    }

    public struct FsMount : IMessagePayload
    {
        public ulong Device;                        // st_dev for every inode of the instance
        public int Flags;
        public int PathGrant;                       // VFS's grant of its path buffer to this server
        // The /proc server's mount: VFS's read grants of its tables (Abi/ProcView.cs); else -1.
        public int ProcessViewGrant, DescriptorGrant, FilePathGrant;
        // A device-backed file system's medium (ISO9660's): the block driver's endpoint and the
        // device's minor there (Abi/BlockDriverRequests.cs), which the file system opens and
        // reads itself. RAM-backed file systems ignore them.
        public int BlockDriver, BlockMinor;
    }

    public struct FsInode : IMessagePayload
    {
        public ulong Inode;
        public int Flags;
    }

    public struct FsLookup : IMessagePayload
    {
        public ulong Start;                         // the directory the path is relative to
        public ulong Root;                          // the process's root when in this file system, else 0
        public int PathOffset, PathLength;          // in VFS's path buffer
        public int Flags;                           // FsLookupFlags
        public int Symlinks;                        // followed so far (ELOOP past FileLimits.SymlinkMax)
        public uint Uid, Gid;                       // whose search permission counts
        public int Caller;                          // the process's endpoint (/proc/self), Endpoint.None for VFS's own
    }

    public struct FsCreate : IMessagePayload
    {
        public ulong Directory;
        public int NameOffset, NameLength;          // in VFS's path buffer
        public uint Mode;                           // type and permissions, umask applied
        public uint Uid, Gid;
        public int Flags;                           // FsCreateFlags
        public ulong Inode;                         // Link: the inode named; Create of a device: its st_rdev
        public int TargetOffset, TargetLength;      // Symlink: the link's contents
    }

    public struct FsRename : IMessagePayload
    {
        public ulong OldDirectory, NewDirectory;
        public int OldOffset, OldLength;
        public int NewOffset, NewLength;
        public int Flags;                           // FsCreateFlags.NoReplace
        public uint Uid, Gid;                       // the caller's
    }

    public struct FsData : IMessagePayload
    {
        public ulong Inode;
        public ulong Position;
        public ulong Length;
        public int Grant;                           // VFS's grant to the file system
        public uint Flags;
    }

    public struct FsAttributes : IMessagePayload
    {
        public ulong Inode;
        public int Which;                           // FsAttributeKinds bits
        public uint Mode;                           // permission bits
        public uint Uid, Gid;                       // uint.MaxValue: unchanged
        public long AccessSeconds, ModifySeconds;   // TimeSpecials in the nanoseconds: now, or unchanged
        public int AccessNanoseconds, ModifyNanoseconds;
        public uint CallerUid, CallerGid;
    }

    public static class FsAttributeKinds
    {
        public const int Mode = 1, Owner = 2, Times = 4;
    }

    public struct FsReply : IMessagePayload
    {
        public long Result;
        public ulong Inode;
        public ulong Size;
        public uint Mode;
        public uint Uid, Gid;
        public int RestLength;                      // Lookup stops: the rest of the path, written back at PathOffset
        public int Symlinks;                        // Lookup: followed so far
        public int Flags;                           // FsReplyFlags
        public ulong SpecialDevice;                 // a device's st_rdev
    }
}
