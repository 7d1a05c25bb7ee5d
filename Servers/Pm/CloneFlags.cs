using Lunix.Abi.Linux;

namespace Lunix.Servers.Pm
{
    // clone's flags (linux/sched.h) and what Lunix does with them. A process is copied, never
    // shared: fork, vfork, and clone(CLONE_VM | CLONE_VFORK) as musl's and glibc's posix_spawn
    // make it (the child gets a copy-on-write copy of the memory rather than the memory itself,
    // which such a child only uses to exec or exit). Sharing what threads share (the memory
    // without CLONE_VFORK, signal handlers, descriptors, the directories) is not there yet:
    // ENOSYS, so that a program sees at once that it cannot make a thread. Combinations Linux
    // refuses, and namespaces and pidfds, which Lunix has none of, are EINVAL.
    internal static class CloneFlags
    {
        public const ulong ExitSignalMask = 0xFF, Vm = 0x100, Fs = 0x200, Files = 0x400, Sighand = 0x800, Pidfd = 0x1000,
                           Ptrace = 0x2000, Vfork = 0x4000, Parent = 0x8000, Thread = 0x10000, NewNamespace = 0x20000,
                           SysVSemaphores = 0x40000, SetTls = 0x80000, ParentSetTid = 0x100000, ChildClearTid = 0x200000,
                           Detached = 0x400000, Untraced = 0x800000, ChildSetTid = 0x01000000, NewCgroup = 0x02000000,
                           NewUts = 0x04000000, NewIpc = 0x08000000, NewUser = 0x10000000, NewPid = 0x20000000,
                           NewNet = 0x40000000, Io = 0x80000000;

        public const ulong Namespaces = NewNamespace | NewCgroup | NewUts | NewIpc | NewUser | NewPid | NewNet;

        // glibc's fork: CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID | SIGCHLD.
        public const ulong Fork = LinuxSignals.SIGCHLD;
        public const ulong VforkFlags = Vm | Vfork | LinuxSignals.SIGCHLD;

        public static LinuxErrno Check(ulong flags, bool callerIsInit)
        {
            if ((flags >> 32) != 0) return LinuxErrno.EINVAL;
            if ((flags & Thread) != 0 && (flags & Sighand) == 0) return LinuxErrno.EINVAL;
            if ((flags & Sighand) != 0 && (flags & Vm) == 0) return LinuxErrno.EINVAL;
            if ((flags & (NewNamespace | Fs)) == (NewNamespace | Fs) || (flags & (NewUser | Fs)) == (NewUser | Fs)) return LinuxErrno.EINVAL;
            if ((flags & Parent) != 0 && callerIsInit) return LinuxErrno.EINVAL;
            if ((flags & (Namespaces | Pidfd)) != 0) return LinuxErrno.EINVAL;
            if ((int)(flags & ExitSignalMask) > LinuxSignals.Max) return LinuxErrno.EINVAL;
            if ((flags & (Thread | Sighand | Files | Fs | SysVSemaphores)) != 0) return LinuxErrno.ENOSYS;
            if ((flags & Vm) != 0 && (flags & Vfork) == 0) return LinuxErrno.ENOSYS;
            return 0;
        }
    }
}
