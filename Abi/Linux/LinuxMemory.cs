namespace Lunix.Abi.Linux
{
    // Linux's numbers for the memory calls' arguments (uapi asm-generic/mman-common.h and
    // x86's mman.h): mmap's protections and flags, madvise's advice, mremap's and msync's flags.
    public static class LinuxMemory
    {
        public const long ProtNone = 0, ProtRead = 0x1, ProtWrite = 0x2, ProtExec = 0x4, ProtSem = 0x8;
        public const long ProtGrowsDown = 0x01000000, ProtGrowsUp = 0x02000000;

        public const long MapShared = 0x01, MapPrivate = 0x02, MapSharedValidate = 0x03, MapType = 0x0f;
        public const long MapFixed = 0x10, MapAnonymous = 0x20, Map32Bit = 0x40, MapGrowsDown = 0x0100;
        public const long MapDenyWrite = 0x0800, MapExecutable = 0x1000, MapLocked = 0x2000, MapNoReserve = 0x4000;
        public const long MapPopulate = 0x8000, MapNonBlock = 0x10000, MapStack = 0x20000, MapHugeTlb = 0x40000;
        public const long MapSync = 0x80000, MapFixedNoReplace = 0x100000, MapUninitialized = 0x4000000;
        public const int MapHugeShift = 26, MapHugeMask = 0x3f;

        public const long MadvNormal = 0, MadvRandom = 1, MadvSequential = 2, MadvWillNeed = 3, MadvDontNeed = 4;
        public const long MadvFree = 8, MadvRemove = 9, MadvDontFork = 10, MadvDoFork = 11, MadvMergeable = 12;
        public const long MadvUnmergeable = 13, MadvHugePage = 14, MadvNoHugePage = 15, MadvDontDump = 16;
        public const long MadvDoDump = 17, MadvWipeOnFork = 18, MadvKeepOnFork = 19, MadvCold = 20, MadvPageOut = 21;
        public const long MadvPopulateRead = 22, MadvPopulateWrite = 23, MadvDontNeedLocked = 24, MadvCollapse = 25;

        public const long MremapMayMove = 1, MremapFixed = 2, MremapDontUnmap = 4;

        public const long MsAsync = 1, MsInvalidate = 2, MsSync = 4;
    }
}
