using System;
using Lunix.Abi;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Vfs
{
    // A write to an empty pipe that a reader waits on: the bytes go straight from the writer's
    // buffer to the reader's, one VIRCOPY between the two programs instead of one into the ring
    // and one out of it, and the reader's held call is done without running again. What the
    // reader does not take goes on into the ring as before, in the same call, so a write of at
    // most PIPE_BUF bytes still reaches the pipe whole. Linux's pipe_write also hands a waiting
    // reader the bytes before it runs; the reader cannot tell the two apart.
    public static class PipeHandOff
    {
        // Up to `count` bytes of the writer's from `buffer` to the first reader held in a plain
        // read of `vnode`: the count it took, 0 when none waits or the copy failed (then the ring
        // path runs, and its own copies tell whose memory was bad: the writer's call or the
        // reader's rerun gets the EFAULT).
        public static long ToWaitingReader(int vnode, int writer, ulong buffer, ulong count)
        {
            int reader = Suspensions.PlainReaderOf(vnode);
            if (reader < 0) return 0;
            ref FileProcess process = ref Processes.At(reader);
            ref PosixCall read = ref process.Call;
            int file = Descriptors.FileOf(reader, read.A0);
            if (file < 0 || OpenFiles.At(file).Vnode != vnode) return 0;
            ulong n = Math.Min(count, (ulong)read.A2);
            if (new ProcessSlice<Readable>(writer, buffer, n).CopyTo(new ProcessSlice<Writable>(process.Endpoint, (ulong)read.A1, n)) != 0)
                return 0;
            Suspensions.Complete(reader, (long)n);
            return (long)n;
        }
    }
}
