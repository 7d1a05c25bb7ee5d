using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // execve and execveat (MINIX's do_exec with Linux's arguments): the path, argv and envp are
    // copied out of the caller (E2BIG when they do not fit 128 KiB each, or the start-up stack;
    // an empty argv gets "" as argv[0], as Linux since 5.18), the program started in its place
    // (ProgramStart) with the process held still meanwhile, then what Linux's exec resets is
    // reset: caught signals go back to their default action (ignored ones and the mask stay),
    // the alternate stack goes, VFS closes the close-on-exec descriptors, and a vfork parent goes
    // on. On success the call has no answer: the new program starts. On failure the caller goes
    // on with the error. execveat takes AT_FDCWD or an absolute path; resolving a path from
    // another directory descriptor, AT_EMPTY_PATH (fexecve) and AT_SYMLINK_NOFOLLOW need VFS to
    // open a program by descriptor, which it cannot yet: ENOSYS (musl's fexecve then tries
    // /proc/self/fd).
    internal static class ExecCall
    {
        private const long AtFdCwd = -100, AtSymlinkNoFollow = 0x100, AtEmptyPath = 0x1000;
        private const int PathMax = 4096;

        private static readonly ArgumentList s_arguments = new ArgumentList(ProgramStart.ArgumentBytes);
        private static readonly ArgumentList s_environment = new ArgumentList(ProgramStart.ArgumentBytes);
        private static readonly byte[] s_path = new byte[PathMax];

        public static long Execveat(int record, long directory, ulong pathAddress, ulong argvAddress, ulong envpAddress, long flags)
        {
            if ((flags & ~(AtSymlinkNoFollow | AtEmptyPath)) != 0) return -(long)LinuxErrno.EINVAL;
            ref PosixProcess process = ref PosixProcesses.At(record);
            long pathLength = UserMemory.ReadString(process.Endpoint, pathAddress, s_path, LinuxErrno.ENAMETOOLONG);
            if (pathLength < 0) return pathLength;
            ReadOnlySpan<byte> path = new ReadOnlySpan<byte>(s_path, 0, (int)pathLength);
            if (path.Length == 0) return (flags & AtEmptyPath) != 0 ? -(long)LinuxErrno.ENOSYS : -(long)LinuxErrno.ENOENT;
            if ((flags & AtSymlinkNoFollow) != 0 || path[0] != (byte)'/' && directory != AtFdCwd) return -(long)LinuxErrno.ENOSYS;

            long copied = CopyList(process.Endpoint, argvAddress, s_arguments);
            if (copied == 0) copied = CopyList(process.Endpoint, envpAddress, s_environment);
            if (copied != 0) return copied;
            if (s_arguments.Count == 0) s_arguments.Append(ReadOnlySpan<byte>.Empty);

            Kernel.RunCtl(process.Endpoint, RunCtlRequests.Stop);          // still while its image changes
            long started = ProgramStart.Run(path, s_arguments, s_environment, process.Endpoint, process.Endpoint, in process.Ids);
            if (started >= 0)
            {
                process.Name = ProgramStart.NameOf(path);
                process.Execed = true;
                process.AltStack = default;
                process.RobustList = 0;                 // the new program sets its own
                SignalActions.ResetCaught(record);
                VfsNews.Exec(in process);
                int parent = process.VforkParent;
                process.VforkParent = PosixProcesses.None;
                if (parent != PosixProcesses.None && PosixProcesses.At(parent).Held == HeldCall.Vfork) HeldCalls.Finish(parent, process.Pid);
            }
            if (!process.KernelStopped) Kernel.RunCtl(process.Endpoint, RunCtlRequests.Resume);
            return started >= 0 ? ProcessCalls.NoReply : started;
        }

        // A NULL-ended array of string pointers (argv, envp) into `list`; NULL itself is empty.
        private static long CopyList(int endpoint, ulong address, ArgumentList list)
        {
            list.Clear();
            if (address == 0) return 0;
            for (ulong at = address; ; at += 8)
            {
                if (UserMemory.ReadUInt64(endpoint, at, out ulong pointer) != 0) return -(long)LinuxErrno.EFAULT;
                if (pointer == 0) return 0;
                Span<byte> free = list.Free;
                if (free.Length == 0) return -(long)LinuxErrno.E2BIG;
                long length = UserMemory.ReadString(endpoint, pointer, free.Slice(0, free.Length - 1), LinuxErrno.E2BIG);
                if (length < 0) return length;
                list.Commit((int)length);
            }
        }
    }
}
