using Lunix.Abi.Linux;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // dup, dup2, dup3, fcntl (MINIX's do_dup, do_fcntl): descriptors sharing one open file
    // description, the descriptor flag FD_CLOEXEC, and the description's status flags.
    public static class DescriptorCalls
    {
        public static long Duplicate(int record, long fd)
        {
            int file = Descriptors.FileOf(record, fd);
            if (file < 0) return -EBADF;
            return Share(record, file, 0, false);
        }

        // dup2 and dup3: `target` names what `fd` names (closed first if open). dup2 of an open
        // descriptor to itself is a no-op; dup3 refuses it. A target at or above the limit is
        // EBADF. The checks come in Linux's order (dup2, then ksys_dup3).
        public static long DuplicateTo(int record, long fd, long target, int flags, bool isDup3)
        {
            if (isDup3 && (flags & ~OpenFlags.CloseOnExec) != 0) return -EINVAL;
            if (fd == target) return isDup3 ? -EINVAL : Descriptors.FileOf(record, fd) < 0 ? -EBADF : target;
            if ((ulong)target >= (ulong)Descriptors.Table.LimitOf(record)) return -EBADF;
            int file = Descriptors.FileOf(record, fd);
            if (file < 0) return -EBADF;
            OpenFiles.At(file).Count++;
            int old = Descriptors.Table.Remove(record, target);
            Descriptors.Table.Set(record, (int)target, file, (flags & OpenFlags.CloseOnExec) != 0);
            if (old >= 0) Descriptors.ReleaseFile(old);
            return target;
        }

        public static long Control(int record, long fd, int command, long argument)
        {
            int file = Descriptors.FileOf(record, fd);
            if (file < 0) return -EBADF;
            ref OpenFile open = ref OpenFiles.At(file);
            switch (command)
            {
                case FcntlCommands.DuplicateFd:
                case FcntlCommands.DuplicateFdCloseOnExec:
                    // A minimum at or above the limit is EINVAL (Linux's f_dupfd); none free below it, EMFILE.
                    if (argument < 0 || argument >= Descriptors.Table.LimitOf(record)) return -EINVAL;
                    return Share(record, file, (int)argument, command == FcntlCommands.DuplicateFdCloseOnExec);
                case FcntlCommands.GetFd:
                    return Descriptors.Table.IsCloseOnExec(record, (int)fd) ? FcntlCommands.CloseOnExecFlag : 0;
                case FcntlCommands.SetFd:
                    Descriptors.Table.SetCloseOnExec(record, (int)fd, (argument & FcntlCommands.CloseOnExecFlag) != 0);
                    return 0;
                case FcntlCommands.GetFl:
                    return open.Flags | OpenFlags.LargeFile;
                case FcntlCommands.SetFl:
                    open.Flags = (open.Flags & ~OpenFlags.Settable) | ((int)argument & OpenFlags.Settable);
                    return 0;
                case FcntlCommands.GetPipeSize:
                    return Vnodes.At(open.Vnode).Pipe >= 0 ? Pipes.RingSize : -EBADF;
                default:
                    return -EINVAL;
            }
        }

        // One more descriptor (the lowest at or above `minimum`) for `file`.
        private static long Share(int record, int file, int minimum, bool closeOnExec)
        {
            int fd = Descriptors.Table.Install(record, minimum, file, closeOnExec);
            if (fd < 0) return fd;
            OpenFiles.At(file).Count++;
            return fd;
        }
    }
}
