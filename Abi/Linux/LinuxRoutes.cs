namespace Lunix.Abi.Linux
{
    // Which server owns each Linux system call: a POSIX process's `syscall` becomes one message to
    // it, sent in the process's name (PosixCall), and its reply's Result goes to RAX. The kernel
    // reads this table and nothing else of Linux's calls, but for the few it answers itself
    // (LinuxRoute.Kernel: registers, the ids PM gave it, sched_yield; Kernel/Ipc/PosixDoor.cs).
    public enum LinuxRoute : byte { None = 0, Pm = 1, Vfs = 2, Vm = 3, Kernel = 4 }

    public static class LinuxRoutes
    {
        // The route of a call number, from a table Build made (the kernel keeps its own copy, set
        // once at boot: a static initializer here would put a check before every look-up).
        public static LinuxRoute Of(byte[] table, long number) =>
            (ulong)number < LinuxCalls.Count ? (LinuxRoute)table[number] : LinuxRoute.None;

        public static byte[] Build()
        {
            var routes = new byte[LinuxCalls.Count];
            foreach (int call in new[]
            {
                LinuxCalls.RtSigaction, LinuxCalls.RtSigprocmask, LinuxCalls.RtSigreturn,
                LinuxCalls.Pause, LinuxCalls.Nanosleep, LinuxCalls.Getitimer, LinuxCalls.Alarm, LinuxCalls.Setitimer,
                LinuxCalls.Clone, LinuxCalls.Fork, LinuxCalls.Vfork, LinuxCalls.Execve,
                LinuxCalls.Exit, LinuxCalls.Wait4, LinuxCalls.Kill, LinuxCalls.Uname, LinuxCalls.Gettimeofday,
                LinuxCalls.Getrlimit, LinuxCalls.Getrusage, LinuxCalls.Sysinfo, LinuxCalls.Times, LinuxCalls.Getuid,
                LinuxCalls.Getgid, LinuxCalls.Setuid, LinuxCalls.Setgid, LinuxCalls.Geteuid, LinuxCalls.Getegid,
                LinuxCalls.Setpgid, LinuxCalls.Getpgrp, LinuxCalls.Setsid, LinuxCalls.Setreuid,
                LinuxCalls.Setregid, LinuxCalls.Getgroups, LinuxCalls.Setgroups, LinuxCalls.Setresuid,
                LinuxCalls.Getresuid, LinuxCalls.Setresgid, LinuxCalls.Getresgid, LinuxCalls.Getpgid,
                LinuxCalls.Getsid, LinuxCalls.RtSigpending, LinuxCalls.RtSigtimedwait, LinuxCalls.RtSigsuspend,
                LinuxCalls.Sigaltstack, LinuxCalls.Getpriority, LinuxCalls.Setpriority, LinuxCalls.Setrlimit,
                LinuxCalls.Reboot, LinuxCalls.Tkill, LinuxCalls.Time, LinuxCalls.SchedGetaffinity, LinuxCalls.SchedSetaffinity,
                LinuxCalls.SetTidAddress, LinuxCalls.ClockGettime, LinuxCalls.ClockGetres, LinuxCalls.ClockNanosleep,
                LinuxCalls.ExitGroup, LinuxCalls.Tgkill, LinuxCalls.Waitid, LinuxCalls.Prlimit64,
                LinuxCalls.Getrandom, LinuxCalls.Execveat, LinuxCalls.RtSigqueueinfo, LinuxCalls.RtTgsigqueueinfo,
                LinuxCalls.Sethostname, LinuxCalls.Setdomainname, LinuxCalls.Futex, LinuxCalls.SetRobustList,
                LinuxCalls.GetRobustList,
            })
                routes[call] = (byte)LinuxRoute.Pm;
            foreach (int call in new[]
            {
                LinuxCalls.Read, LinuxCalls.Write, LinuxCalls.Open, LinuxCalls.Close, LinuxCalls.Stat,
                LinuxCalls.Fstat, LinuxCalls.Lstat, LinuxCalls.Poll, LinuxCalls.Lseek, LinuxCalls.Ioctl,
                LinuxCalls.Pread64, LinuxCalls.Pwrite64, LinuxCalls.Readv, LinuxCalls.Writev, LinuxCalls.Access,
                LinuxCalls.Pipe, LinuxCalls.Select, LinuxCalls.Dup, LinuxCalls.Dup2, LinuxCalls.Sendfile,
                LinuxCalls.Fcntl, LinuxCalls.Fsync, LinuxCalls.Fdatasync, LinuxCalls.Truncate, LinuxCalls.Ftruncate,
                LinuxCalls.Getdents, LinuxCalls.Getcwd, LinuxCalls.Chdir, LinuxCalls.Fchdir, LinuxCalls.Rename,
                LinuxCalls.Mkdir, LinuxCalls.Rmdir, LinuxCalls.Creat, LinuxCalls.Link, LinuxCalls.Unlink,
                LinuxCalls.Symlink, LinuxCalls.Readlink, LinuxCalls.Chmod, LinuxCalls.Fchmod, LinuxCalls.Chown,
                LinuxCalls.Fchown, LinuxCalls.Lchown, LinuxCalls.Umask, LinuxCalls.Utime, LinuxCalls.Mknod,
                LinuxCalls.Statfs, LinuxCalls.Fstatfs, LinuxCalls.Sync, LinuxCalls.Mount, LinuxCalls.Umount2,
                LinuxCalls.Getdents64, LinuxCalls.Utimes, LinuxCalls.Openat, LinuxCalls.Mkdirat, LinuxCalls.Mknodat,
                LinuxCalls.Fchownat, LinuxCalls.Newfstatat, LinuxCalls.Unlinkat, LinuxCalls.Renameat,
                LinuxCalls.Linkat, LinuxCalls.Symlinkat, LinuxCalls.Readlinkat, LinuxCalls.Fchmodat,
                LinuxCalls.Faccessat, LinuxCalls.Pselect6, LinuxCalls.Ppoll, LinuxCalls.Utimensat, LinuxCalls.Dup3,
                LinuxCalls.Pipe2, LinuxCalls.Syncfs, LinuxCalls.Renameat2, LinuxCalls.Statx, LinuxCalls.Faccessat2,
                LinuxCalls.Preadv, LinuxCalls.Pwritev, LinuxCalls.Preadv2, LinuxCalls.Pwritev2,
            })
                routes[call] = (byte)LinuxRoute.Vfs;
            foreach (int call in new[]
            {
                LinuxCalls.Mmap, LinuxCalls.Mprotect, LinuxCalls.Munmap, LinuxCalls.Brk, LinuxCalls.Mremap,
                LinuxCalls.Msync, LinuxCalls.Mincore, LinuxCalls.Madvise,
            })
                routes[call] = (byte)LinuxRoute.Vm;
            foreach (int call in new[]
            {
                LinuxCalls.ArchPrctl, LinuxCalls.Getpid, LinuxCalls.Gettid, LinuxCalls.Getppid, LinuxCalls.SchedYield,
                LinuxCalls.Getcpu,
            })
                routes[call] = (byte)LinuxRoute.Kernel;
            return routes;
        }
    }
}
