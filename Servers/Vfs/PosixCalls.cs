using Lunix.Abi;
using Lunix.Abi.Linux;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // The file calls of POSIX processes (Abi/Linux/LinuxRoutes.cs), one case each, by Linux's
    // number and argument order. A call that must wait answers Suspensions.Held: its record keeps
    // it, and it runs again (`rerun`) when what it waits on changes.
    public static class PosixCalls
    {
        public static long Handle(int record, in PosixCall call, bool rerun = false)
        {
            long result = Dispatch(record, in call, rerun);
            if (result == Suspensions.Held) Processes.At(record).Call = call;
            return result;
        }

        public static void Answer(int endpoint, long result)
        {
            Message reply = default;
            reply.Type = PosixRequests.Reply;
            reply.Payload<PosixReply>().Result = result;
            Lunix.SystemLibrary.Sef.Reply(endpoint, ref reply);
        }

        private static long Dispatch(int p, in PosixCall c, bool rerun)
        {
            const long Cwd = AtFlags.CurrentDirectory;
            ulong a0 = (ulong)c.A0, a1 = (ulong)c.A1, a2 = (ulong)c.A2, a3 = (ulong)c.A3, a4 = (ulong)c.A4;
            if (rerun && Processes.At(p).FifoFile != 0) return Fifos.Resume(p);
            switch (c.Number)
            {
                case LinuxCalls.Read: return ReadWriteCalls.Read(p, c.A0, a1, a2);
                case LinuxCalls.Write: return ReadWriteCalls.Write(p, c.A0, a1, a2);
                case LinuxCalls.Pread64: return ReadWriteCalls.PositionedRead(p, c.A0, a1, a2, c.A3);
                case LinuxCalls.Pwrite64: return ReadWriteCalls.PositionedWrite(p, c.A0, a1, a2, c.A3);
                case LinuxCalls.Readv: return ReadWriteCalls.Vector(p, c.A0, a1, c.A2, -1, write: false);
                case LinuxCalls.Writev: return ReadWriteCalls.Vector(p, c.A0, a1, c.A2, -1, write: true);
                case LinuxCalls.Preadv: return c.A3 < 0 ? -EINVAL : ReadWriteCalls.Vector(p, c.A0, a1, c.A2, c.A3, write: false);
                case LinuxCalls.Pwritev: return c.A3 < 0 ? -EINVAL : ReadWriteCalls.Vector(p, c.A0, a1, c.A2, c.A3, write: true);
                case LinuxCalls.Preadv2: return ReadWriteCalls.VectorWithFlags(p, c.A0, a1, c.A2, c.A3, (int)c.A5, write: false);
                case LinuxCalls.Pwritev2: return ReadWriteCalls.VectorWithFlags(p, c.A0, a1, c.A2, c.A3, (int)c.A5, write: true);
                case LinuxCalls.Lseek: return ReadWriteCalls.Seek(p, c.A0, c.A1, (int)c.A2);
                case LinuxCalls.Sendfile: return SendFileCall.Handle(p, c.A0, c.A1, a2, a3);
                case LinuxCalls.Open: return OpenCalls.Open(p, Cwd, a0, (int)c.A1, (uint)c.A2);
                case LinuxCalls.Openat: return OpenCalls.Open(p, (int)c.A0, a1, (int)c.A2, (uint)c.A3);
                case LinuxCalls.Creat: return OpenCalls.Open(p, Cwd, a0, OpenFlags.Create | OpenFlags.WriteOnly | OpenFlags.Truncate, (uint)c.A1);
                case LinuxCalls.Close: return Descriptors.Close(p, c.A0);
                case LinuxCalls.Stat: return StatCalls.Stat(p, Cwd, a0, a1, 0);
                case LinuxCalls.Lstat: return StatCalls.Stat(p, Cwd, a0, a1, AtFlags.SymlinkNoFollow);
                case LinuxCalls.Fstat: return StatCalls.FileStat(p, c.A0, a1);
                case LinuxCalls.Newfstatat: return StatCalls.Stat(p, (int)c.A0, a1, a2, (int)c.A3);
                case LinuxCalls.Statx: return StatCalls.Statx(p, (int)c.A0, a1, (int)c.A2, (uint)c.A3, a4);
                case LinuxCalls.Statfs: return StatCalls.FileSystemStat(p, a0, a1);
                case LinuxCalls.Fstatfs: return StatCalls.FileFileSystemStat(p, c.A0, a1);
                case LinuxCalls.Getdents64: return DirectoryCalls.ReadEntries(p, c.A0, a1, a2);
                case LinuxCalls.Dup: return DescriptorCalls.Duplicate(p, c.A0);
                case LinuxCalls.Dup2: return DescriptorCalls.DuplicateTo(p, c.A0, c.A1, 0, isDup3: false);
                case LinuxCalls.Dup3: return DescriptorCalls.DuplicateTo(p, c.A0, c.A1, (int)c.A2, isDup3: true);
                case LinuxCalls.Fcntl: return DescriptorCalls.Control(p, c.A0, (int)c.A1, c.A2);
                case LinuxCalls.Ioctl: return IoctlCall.Handle(p, c.A0, (uint)c.A1, a2);
                case LinuxCalls.Mkdir: return NameCalls.MakeDirectory(p, Cwd, a0, (uint)c.A1);
                case LinuxCalls.Mkdirat: return NameCalls.MakeDirectory(p, (int)c.A0, a1, (uint)c.A2);
                case LinuxCalls.Mknod: return NameCalls.MakeNode(p, Cwd, a0, (uint)c.A1, a2);
                case LinuxCalls.Mknodat: return NameCalls.MakeNode(p, (int)c.A0, a1, (uint)c.A2, a3);
                case LinuxCalls.Rmdir: return NameCalls.Unlink(p, Cwd, a0, AtFlags.RemoveDirectory);
                case LinuxCalls.Unlink: return NameCalls.Unlink(p, Cwd, a0, 0);
                case LinuxCalls.Unlinkat: return NameCalls.Unlink(p, (int)c.A0, a1, (int)c.A2);
                case LinuxCalls.Rename: return NameCalls.Rename(p, Cwd, a0, Cwd, a1, 0);
                case LinuxCalls.Renameat: return NameCalls.Rename(p, (int)c.A0, a1, (int)c.A2, a3, 0);
                case LinuxCalls.Renameat2: return NameCalls.Rename(p, (int)c.A0, a1, (int)c.A2, a3, (int)c.A4);
                case LinuxCalls.Link: return NameCalls.Link(p, Cwd, a0, Cwd, a1, 0);
                case LinuxCalls.Linkat: return NameCalls.Link(p, (int)c.A0, a1, (int)c.A2, a3, (int)c.A4);
                case LinuxCalls.Symlink: return NameCalls.Symlink(p, a0, Cwd, a1);
                case LinuxCalls.Symlinkat: return NameCalls.Symlink(p, a0, (int)c.A1, a2);
                case LinuxCalls.Readlink: return NameCalls.ReadLink(p, Cwd, a0, a1, c.A2);
                case LinuxCalls.Readlinkat: return NameCalls.ReadLink(p, (int)c.A0, a1, a2, c.A3);
                case LinuxCalls.Chmod: return AttributeCalls.ChangeMode(p, Cwd, a0, (uint)c.A1, 0, byDescriptor: false);
                case LinuxCalls.Fchmod: return AttributeCalls.ChangeMode(p, c.A0, 0, (uint)c.A1, 0, byDescriptor: true);
                case LinuxCalls.Fchmodat: return AttributeCalls.ChangeMode(p, (int)c.A0, a1, (uint)c.A2, 0, byDescriptor: false);
                case LinuxCalls.Chown: return AttributeCalls.ChangeOwner(p, Cwd, a0, (uint)c.A1, (uint)c.A2, 0, byDescriptor: false);
                case LinuxCalls.Lchown: return AttributeCalls.ChangeOwner(p, Cwd, a0, (uint)c.A1, (uint)c.A2, AtFlags.SymlinkNoFollow, byDescriptor: false);
                case LinuxCalls.Fchown: return AttributeCalls.ChangeOwner(p, c.A0, 0, (uint)c.A1, (uint)c.A2, 0, byDescriptor: true);
                case LinuxCalls.Fchownat: return AttributeCalls.ChangeOwner(p, (int)c.A0, a1, (uint)c.A2, (uint)c.A3, (int)c.A4, byDescriptor: false);
                case LinuxCalls.Utimensat: return AttributeCalls.SetTimes(p, (int)c.A0, a1, a2, (int)c.A3);
                case LinuxCalls.Access: return AttributeCalls.Access(p, Cwd, a0, (int)c.A1, 0);
                case LinuxCalls.Faccessat: return AttributeCalls.Access(p, (int)c.A0, a1, (int)c.A2, 0);
                case LinuxCalls.Faccessat2: return AttributeCalls.Access(p, (int)c.A0, a1, (int)c.A2, (int)c.A3);
                case LinuxCalls.Umask: return AttributeCalls.Umask(p, (uint)c.A0);
                case LinuxCalls.Truncate: return AttributeCalls.Truncate(p, a0, c.A1);
                case LinuxCalls.Ftruncate: return AttributeCalls.FileTruncate(p, c.A0, c.A1);
                case LinuxCalls.Fsync:
                case LinuxCalls.Fdatasync: return AttributeCalls.Sync(p, c.A0, all: false);
                case LinuxCalls.Sync: return AttributeCalls.Sync(p, 0, all: true);
                case LinuxCalls.Syncfs: return Descriptors.FileOf(p, c.A0) < 0 ? -EBADF : AttributeCalls.Sync(p, 0, all: true);
                case LinuxCalls.Chdir: return DirectoryCalls.ChangeDirectory(p, a0);
                case LinuxCalls.Fchdir: return DirectoryCalls.ChangeDirectoryTo(p, c.A0);
                case LinuxCalls.Getcwd: return DirectoryCalls.WorkingDirectory(p, a0, a1);
                case LinuxCalls.Mount: return MountCalls.Mount(p, a0, a1, a2, c.A3);
                case LinuxCalls.Umount2: return MountCalls.Unmount(p, a0, (int)c.A1);
                case LinuxCalls.Pipe: return PipeCalls.Make(p, a0, 0);
                case LinuxCalls.Pipe2: return PipeCalls.Make(p, a0, (int)c.A1);
                case LinuxCalls.Poll: return PollCalls.Poll(p, a0, a1, PollCalls.TicksOfMilliseconds((int)c.A2), rerun);
                case LinuxCalls.Ppoll:
                {
                    long ticks = PollCalls.TicksOfTime(p, a2, 1_000_000_000);
                    return ticks < -1 ? ticks : PollCalls.Poll(p, a0, a1, ticks, rerun);
                }
                case LinuxCalls.Select:
                {
                    long ticks = PollCalls.TicksOfTime(p, a4, 1_000_000);
                    return ticks < -1 ? ticks : PollCalls.Select(p, (int)c.A0, a1, a2, a3, ticks, rerun);
                }
                case LinuxCalls.Pselect6:
                {
                    long ticks = PollCalls.TicksOfTime(p, a4, 1_000_000_000);
                    return ticks < -1 ? ticks : PollCalls.Select(p, (int)c.A0, a1, a2, a3, ticks, rerun);
                }
                default: return -ENOSYS;
            }
        }
    }
}
