using Lunix.Abi;
using Lunix.Abi.Linux;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // Opening a named pipe (Linux's fifo_open): the FIFO's vnode gets a pipe of VFS's (Pipes) at
    // its first open, shared by every later one, and freed with its last description. An open for
    // reading waits for a writer and one for writing for a reader (O_RDWR never waits); with
    // O_NONBLOCK reading opens at once and writing without a reader is ENXIO. A waiting open
    // already counts as its end (as Linux's: two openers waiting for each other both go on), and
    // it waits for an open of the other end to happen, not to last: a writer that opens and
    // closes meanwhile still lets the reader through.
    public static class Fifos
    {
        public static long Open(int record, int vnode, int flags, int descriptionFlags, long directoryFd, System.ReadOnlySpan<byte> given)
        {
            ref Vnode node = ref Vnodes.At(vnode);
            int access = flags & OpenFlags.AccessMode;
            bool nonBlocking = (flags & OpenFlags.NonBlocking) != 0;
            if (node.Pipe < 0)
            {
                int made = Pipes.MakeUnopened();
                if (made < 0)
                {
                    Descriptors.ReleaseVnode(vnode);
                    return -ENFILE;
                }
                node.Pipe = made;
            }
            int pipe = node.Pipe;
            if (access == OpenFlags.WriteOnly && nonBlocking && Pipes.At(pipe).Readers == 0)
            {
                ForgetIfUnopened(vnode);
                Descriptors.ReleaseVnode(vnode);
                return -ENXIO;
            }
            int file = OpenFiles.Open(vnode, descriptionFlags);
            if (file < 0)
            {
                ForgetIfUnopened(vnode);
                Descriptors.ReleaseVnode(vnode);
                return -ENFILE;
            }
            ProcessView.Opened(file, record, directoryFd, given);
            ref Pipe p = ref Pipes.At(pipe);
            int otherOpens = access == OpenFlags.ReadOnly ? p.WriterOpens : p.ReaderOpens;
            bool otherThere = access == OpenFlags.ReadOnly ? p.Writers > 0 : p.Readers > 0;
            Pipes.Opened(pipe, flags);
            Suspensions.Wake(vnode);
            if (access == OpenFlags.ReadWrite || nonBlocking || otherThere) return OpenCalls.InstallFile(record, file, flags);
            ref FileProcess process = ref Processes.At(record);
            process.FifoFile = file + 1;
            process.FifoFlags = flags;
            process.FifoOtherOpens = otherOpens;
            return Suspensions.Hold(record, HeldKinds.FifoOpen, vnode);
        }

        // The held open run again: done once the other end has been opened since.
        public static long Resume(int record)
        {
            ref FileProcess process = ref Processes.At(record);
            int file = process.FifoFile - 1;
            int vnode = OpenFiles.At(file).Vnode;
            ref Pipe p = ref Pipes.At(Vnodes.At(vnode).Pipe);
            int opens = (process.FifoFlags & OpenFlags.AccessMode) == OpenFlags.ReadOnly ? p.WriterOpens : p.ReaderOpens;
            if (opens == process.FifoOtherOpens) return Suspensions.Hold(record, HeldKinds.FifoOpen, vnode);
            process.FifoFile = 0;
            return OpenCalls.InstallFile(record, file, process.FifoFlags);
        }

        // A held open given up (a signal, the process's exit): its description closes.
        public static void Abandon(int record)
        {
            ref FileProcess process = ref Processes.At(record);
            if (process.FifoFile == 0) return;
            int file = process.FifoFile - 1;
            process.FifoFile = 0;
            Descriptors.ReleaseFile(file);
        }

        // A pipe made for this open that no description took.
        private static void ForgetIfUnopened(int vnode)
        {
            ref Vnode node = ref Vnodes.At(vnode);
            if (node.Pipe >= 0 && Pipes.At(node.Pipe).Readers == 0 && Pipes.At(node.Pipe).Writers == 0)
            {
                Pipes.At(node.Pipe) = default;
                node.Pipe = -1;
            }
        }
    }
}
