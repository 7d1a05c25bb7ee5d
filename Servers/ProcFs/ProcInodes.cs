namespace Lunix.Servers.ProcFs
{
    // /proc's inode numbers name what a file shows, so nothing is kept per inode: the process
    // (its pid; 0 for the system's files), the kind of file, and an index (a descriptor's number
    // under /proc/PID/fd). /proc/self is a link whose inode carries the pid of whoever looked it
    // up, so its readlink needs no caller.
    public static class ProcInodes
    {
        // Top-level files (pid 0).
        public const int Root = 1, Self = 2, Mounts = 3, Meminfo = 4, Uptime = 5, Cpuinfo = 6, Stat = 7, Loadavg = 8, Filesystems = 9;
        // A process's directory and files.
        public const int ProcessDirectory = 16, ProcessStat = 17, ProcessStatus = 18, ProcessCmdline = 19, ProcessComm = 20,
                         ProcessExe = 21, ProcessCwd = 22, ProcessRoot = 23, ProcessFdDirectory = 24, ProcessFd = 25, ProcessMounts = 26,
                         ProcessMaps = 27, ProcessStatm = 28;

        public static ulong Make(int pid, int kind, int index = 0) => (ulong)(uint)pid << 32 | (ulong)(uint)kind << 16 | (ushort)index;

        public static int Pid(ulong inode) => (int)(inode >> 32);
        public static int Kind(ulong inode) => (int)(inode >> 16 & 0xFFFF);
        public static int Index(ulong inode) => (int)(inode & 0xFFFF);

        public static bool IsDirectory(int kind) => kind == Root || kind == ProcessDirectory || kind == ProcessFdDirectory;

        public static bool IsLink(int kind) =>
            kind == Self || kind == ProcessExe || kind == ProcessCwd || kind == ProcessRoot || kind == ProcessFd;

        // st_mode: directories r-x for all, links rwx, files r-- (cmdline, stat... as Linux's).
        public static uint Mode(int kind) =>
            IsDirectory(kind) ? 0x4000u | 0x16D : IsLink(kind) ? 0xA000u | (kind == ProcessFd ? 0x1C0u : 0x1FFu) : 0x8000u | 0x124;
    }
}
