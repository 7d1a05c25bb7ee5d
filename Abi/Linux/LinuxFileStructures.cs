using System.Runtime.InteropServices;

namespace Lunix.Abi.Linux
{
    // Linux's x86-64 structures of the file calls, byte for byte as a program reads them: the
    // file system servers fill them and copy them straight to the program (a magic grant).

    // struct stat (arch/x86/include/uapi/asm/stat.h): 144 bytes.
    [StructLayout(LayoutKind.Sequential)]
    public struct LinuxStat
    {
        public const int Size = 144;
        public ulong Device;
        public ulong Inode;
        public ulong LinkCount;
        public uint Mode;
        public uint Uid;
        public uint Gid;
        private uint _pad0;
        public ulong SpecialDevice;         // st_rdev
        public long FileSize;
        public long BlockSize;
        public long Blocks;                 // 512-byte blocks
        public long AccessSeconds;
        public long AccessNanoseconds;
        public long ModifySeconds;
        public long ModifyNanoseconds;
        public long ChangeSeconds;
        public long ChangeNanoseconds;
        private long _unused0, _unused1, _unused2;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct StatxTimestamp
    {
        public long Seconds;
        public uint Nanoseconds;
        private int _reserved;

        public StatxTimestamp(long seconds, uint nanoseconds)
        {
            Seconds = seconds;
            Nanoseconds = nanoseconds;
            _reserved = 0;
        }
    }

    // struct statx (linux/stat.h): 256 bytes, the fields past MountId spare.
    [StructLayout(LayoutKind.Sequential, Size = Size)]
    public struct LinuxStatx
    {
        public const int Size = 256;
        public uint Mask;
        public uint BlockSize;
        public ulong Attributes;
        public uint LinkCount;
        public uint Uid;
        public uint Gid;
        public ushort Mode;
        private ushort _spare0;
        public ulong Inode;
        public ulong FileSize;
        public ulong Blocks;
        public ulong AttributesMask;
        public StatxTimestamp AccessTime;
        public StatxTimestamp BirthTime;
        public StatxTimestamp ChangeTime;
        public StatxTimestamp ModifyTime;
        public uint SpecialDeviceMajor;
        public uint SpecialDeviceMinor;
        public uint DeviceMajor;
        public uint DeviceMinor;
        public ulong MountId;

        // statx's answer for what a struct stat says: the basic fields, times with their
        // nanoseconds, device numbers split into major and minor.
        public static LinuxStatx From(in LinuxStat stat)
        {
            LinuxStatx statx = default;
            statx.Mask = StatxMask.BasicStats;
            statx.BlockSize = (uint)stat.BlockSize;
            statx.LinkCount = (uint)stat.LinkCount;
            statx.Uid = stat.Uid;
            statx.Gid = stat.Gid;
            statx.Mode = (ushort)stat.Mode;
            statx.Inode = stat.Inode;
            statx.FileSize = (ulong)stat.FileSize;
            statx.Blocks = (ulong)stat.Blocks;
            statx.AccessTime = new StatxTimestamp(stat.AccessSeconds, (uint)stat.AccessNanoseconds);
            statx.ModifyTime = new StatxTimestamp(stat.ModifySeconds, (uint)stat.ModifyNanoseconds);
            statx.ChangeTime = new StatxTimestamp(stat.ChangeSeconds, (uint)stat.ChangeNanoseconds);
            statx.SpecialDeviceMajor = DeviceNumbers.Major(stat.SpecialDevice);
            statx.SpecialDeviceMinor = DeviceNumbers.Minor(stat.SpecialDevice);
            statx.DeviceMajor = DeviceNumbers.Major(stat.Device);
            statx.DeviceMinor = DeviceNumbers.Minor(stat.Device);
            return statx;
        }
    }

    // statx's mask bits.
    public static class StatxMask
    {
        public const uint Type = 1, Mode = 2, LinkCount = 4, Uid = 8, Gid = 0x10, AccessTime = 0x20, ModifyTime = 0x40;
        public const uint ChangeTime = 0x80, Inode = 0x100, Size = 0x200, Blocks = 0x400, BasicStats = 0x7FF;
        public const uint BirthTime = 0x800, MountId = 0x1000;
        public const uint Reserved = 0x80000000;
    }

    // struct statfs (x86-64): 120 bytes.
    [StructLayout(LayoutKind.Sequential)]
    public struct LinuxStatfs
    {
        public const int Size = 120;
        public const long RamFsMagic = 0x858458F6, TmpFsMagic = 0x01021994;
        public long Type;
        public long BlockSize;
        public ulong Blocks;
        public ulong FreeBlocks;
        public ulong AvailableBlocks;
        public ulong Files;
        public ulong FreeFiles;
        public int FsId0, FsId1;
        public long NameLength;
        public long FragmentSize;
        public long Flags;
        private long _spare0, _spare1, _spare2, _spare3;
    }

    // struct linux_dirent64's fixed part: the NUL-ended name follows, and RecordLength (a multiple
    // of 8) covers both.
    [StructLayout(LayoutKind.Sequential, Pack = 1)]
    public struct LinuxDirent64
    {
        public const int HeaderSize = 19;
        public ulong Inode;
        public long NextOffset;             // d_off: where the next entry starts, for lseek
        public ushort RecordLength;
        public byte Type;                   // DirentTypes

        public static int RecordFor(int nameLength) => (HeaderSize + nameLength + 1 + 7) & ~7;
    }

    // struct pollfd.
    [StructLayout(LayoutKind.Sequential)]
    public struct LinuxPollFd
    {
        public const int Size = 8;
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }

    // struct timespec.
    [StructLayout(LayoutKind.Sequential)]
    public struct LinuxTimespec
    {
        public const int Size = 16;
        public long Seconds;
        public long Nanoseconds;
    }

    // struct iovec.
    [StructLayout(LayoutKind.Sequential)]
    public struct LinuxIoVector
    {
        public const int Size = 16;
        public ulong Base;
        public ulong Length;
    }
}
