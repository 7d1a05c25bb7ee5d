namespace Lunix.Abi.Linux
{
    // Linux's numbers for the file calls (asm-generic/fcntl.h, linux/stat.h, linux/fcntl.h on
    // x86-64), as POSIX processes pass them to VFS.
    public static class OpenFlags
    {
        public const int AccessMode = 3, ReadOnly = 0, WriteOnly = 1, ReadWrite = 2;
        public const int Create = 0x40, Exclusive = 0x80, NoControllingTerminal = 0x100, Truncate = 0x200;
        public const int Append = 0x400, NonBlocking = 0x800, DataSync = 0x1000, Async = 0x2000;
        public const int Direct = 0x4000, LargeFile = 0x8000, Directory = 0x10000, NoFollow = 0x20000;
        public const int NoAccessTime = 0x40000, CloseOnExec = 0x80000, Sync = 0x101000, Path = 0x200000;
        public const int TemporaryFile = 0x410000;
        // What F_SETFL may change.
        public const int Settable = Append | NonBlocking | Async | Direct | NoAccessTime;
    }

    public static class FileModes
    {
        public const uint TypeMask = 0xF000;
        public const uint Socket = 0xC000, Symlink = 0xA000, Regular = 0x8000, BlockDevice = 0x6000;
        public const uint Directory = 0x4000, CharDevice = 0x2000, Fifo = 0x1000;
        public const uint SetUid = 0x800, SetGid = 0x400, Sticky = 0x200, Permissions = 0xFFF;

        public static bool IsDirectory(uint mode) => (mode & TypeMask) == Directory;
        public static bool IsRegular(uint mode) => (mode & TypeMask) == Regular;
        public static bool IsSymlink(uint mode) => (mode & TypeMask) == Symlink;
        public static bool IsCharDevice(uint mode) => (mode & TypeMask) == CharDevice;
        public static bool IsBlockDevice(uint mode) => (mode & TypeMask) == BlockDevice;
        // Either kind of device in one test: their types differ only in 0x4000.
        public static bool IsDevice(uint mode) => (mode & (TypeMask & ~0x4000u)) == CharDevice;
        public static bool IsFifo(uint mode) => (mode & TypeMask) == Fifo;
    }

    // The *at calls' directory and flags.
    public static class AtFlags
    {
        public const int CurrentDirectory = -100;            // AT_FDCWD
        public const int SymlinkNoFollow = 0x100, RemoveDirectory = 0x200, SymlinkFollow = 0x400;
        public const int NoAutomount = 0x800, EmptyPath = 0x1000, EffectiveAccess = 0x200;   // AT_EACCESS (faccessat)
        public const int StatxSyncMask = 0x6000;
    }

    public static class FcntlCommands
    {
        public const int DuplicateFd = 0, GetFd = 1, SetFd = 2, GetFl = 3, SetFl = 4;
        public const int GetLock = 5, SetLock = 6, SetLockWait = 7;
        public const int DuplicateFdCloseOnExec = 1030, GetPipeSize = 1032;
        public const int CloseOnExecFlag = 1;                // FD_CLOEXEC
    }

    public static class SeekOrigins
    {
        public const int Set = 0, Current = 1, End = 2, Data = 3, Hole = 4;
    }

    public static class AccessModes
    {
        public const int Exists = 0, Execute = 1, Write = 2, Read = 4;
    }

    // renameat2's flags.
    public static class RenameFlags
    {
        public const int NoReplace = 1, Exchange = 2, Whiteout = 4;
    }

    // utimensat's special nanoseconds.
    public static class TimeSpecials
    {
        public const long Now = (1L << 30) - 1, Omit = (1L << 30) - 2;
    }

    // Linux's limits for paths and pipes.
    public static class FileLimits
    {
        public const int PathMax = 4096;                     // with its NUL
        public const int NameMax = 255;
        public const int PipeBuffer = 4096;                  // PIPE_BUF: writes up to this are atomic
        public const int PipeCapacity = 65536;
        public const int SymlinkMax = 40;                    // links followed in one resolution (ELOOP past it)
        public const int IovMax = 1024;
    }

    // linux_dirent64's d_type.
    public static class DirentTypes
    {
        public const byte Unknown = 0, Fifo = 1, CharDevice = 2, Directory = 4, BlockDevice = 6, Regular = 8, Symlink = 10, Socket = 12;

        public static byte Of(uint mode) => (mode & FileModes.TypeMask) switch
        {
            FileModes.Fifo => Fifo, FileModes.CharDevice => CharDevice, FileModes.Directory => Directory,
            FileModes.BlockDevice => BlockDevice, FileModes.Regular => Regular, FileModes.Symlink => Symlink,
            FileModes.Socket => Socket, _ => Unknown,
        };
    }

    // poll's events.
    public static class PollEvents
    {
        public const short In = 1, Priority = 2, Out = 4, Error = 8, HangUp = 16, Invalid = 32;
        public const short ReadNormal = 0x40, ReadBand = 0x80, WriteNormal = 0x100, WriteBand = 0x200;
    }

    // Device numbers as Linux encodes them in st_dev and st_rdev (new_encode_dev).
    public static class DeviceNumbers
    {
        public static ulong Make(uint major, uint minor) =>
            (minor & 0xFFu) | ((ulong)(major & 0xFFFu) << 8) | ((ulong)(minor & ~0xFFu) << 12) | ((ulong)(major & ~0xFFFu) << 32);

        public static uint Major(ulong device) => (uint)((device >> 8) & 0xFFF) | (uint)((device >> 32) & ~0xFFFUL);
        public static uint Minor(ulong device) => (uint)(device & 0xFF) | (uint)((device >> 12) & ~0xFFUL);
    }

    public static class Ioctls
    {
        public const uint Tcgets = 0x5401, Tcsets = 0x5402, Tcsetsw = 0x5403, Tcsetsf = 0x5404;
        public const uint Tiocgpgrp = 0x540F, Tiocspgrp = 0x5410, Tiocgwinsz = 0x5413, Tiocswinsz = 0x5414;
        public const uint Fionread = 0x541B, Fionbio = 0x5421, Fioclex = 0x5451, Fionclex = 0x5450;
    }
}
