using System;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // pipe, pipe2 (MINIX's do_pipe2): a pipe's vnode and its two open file descriptions, a read
    // end and a write end, at the two lowest free descriptors, written to the program's int[2].
    public static class PipeCalls
    {
        private const uint PipeMode = FileModes.Fifo | 0x180;        // prw-------

        public static long Make(int record, ulong fds, int flags)
        {
            if ((flags & ~(OpenFlags.CloseOnExec | OpenFlags.NonBlocking | OpenFlags.Direct)) != 0) return -EINVAL;
            int pipe = Pipes.Make();
            if (pipe < 0) return -ENFILE;
            int vnode = Vnodes.GetAnonymous(PipeMode, pipe, Mounts.PipeDevice);
            if (vnode < 0)
            {
                Pipes.At(pipe) = default;
                return -ENFILE;
            }
            Vnodes.Hold(vnode);                                       // one use per end
            int status = flags & (OpenFlags.NonBlocking | OpenFlags.Direct);
            int reader = OpenFiles.Open(vnode, OpenFlags.ReadOnly | status);
            int writer = reader < 0 ? -1 : OpenFiles.Open(vnode, OpenFlags.WriteOnly | status);
            bool closeOnExec = (flags & OpenFlags.CloseOnExec) != 0;
            if (writer >= 0)
            {
                ProcessView.PipeOpened(reader, Vnodes.At(vnode).Inode);
                ProcessView.PipeOpened(writer, Vnodes.At(vnode).Inode);
            }
            int readFd = writer < 0 ? -1 : Descriptors.Table.Install(record, 0, reader, closeOnExec);
            int writeFd = readFd < 0 ? -1 : Descriptors.Table.Install(record, 0, writer, closeOnExec);
            Span<int> pair = stackalloc int[2];
            pair[0] = readFd;
            pair[1] = writeFd;
            if (writeFd >= 0
                && new ProcessSlice<Writable>(Processes.At(record).Endpoint, fds, 8).CopyFrom(System.Runtime.InteropServices.MemoryMarshal.Cast<int, byte>(pair)) == 0)
                return 0;
            // Undo: what was made goes again (closing both ends frees the pipe).
            long error = reader < 0 || writer < 0 ? -ENFILE : readFd < 0 || writeFd < 0 ? -EMFILE : -EFAULT;
            if (readFd >= 0) Descriptors.Table.Remove(record, readFd);
            if (writeFd >= 0) Descriptors.Table.Remove(record, writeFd);
            if (reader >= 0) Descriptors.ReleaseFile(reader);
            else { Pipes.At(pipe).Readers--; Descriptors.ReleaseVnode(vnode); }
            if (writer >= 0) Descriptors.ReleaseFile(writer);
            else { Pipes.At(pipe).Writers--; Descriptors.ReleaseVnode(vnode); }
            if (Pipes.At(pipe).Readers <= 0 && Pipes.At(pipe).Writers <= 0) Pipes.At(pipe) = default;
            return error;
        }
    }
}
