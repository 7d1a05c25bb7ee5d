using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // Pipes (pipe, pipe2; MINIX keeps them in its PFS server, Lunix in VFS, a hop less): a ring of
    // PipeCapacity bytes each, in memory VFS maps at start (backed as it is used), and how many
    // descriptions read and write it. Bytes move between the ring and the programs with VIRCOPY,
    // or from writer to reader in one when the reader waits on an empty pipe (PipeHandOff).
    // A reader of an empty pipe and a writer of a full one are held (Suspensions) unless
    // O_NONBLOCK; a write of at most PIPE_BUF bytes goes in whole or not at all; reading a pipe
    // with no writer left is EOF, writing one with no reader EPIPE and SIGPIPE.
    public struct Pipe
    {
        public bool InUse;
        public int Head;                    // where the oldest byte is
        public int Length;                  // bytes in the ring
        public int Readers, Writers;        // open descriptions of each end
        public int ReaderOpens, WriterOpens;  // opens of each end ever made (a FIFO's held open waits for one)
    }

    public static class Pipes
    {
        public const int Capacity = 128;
        public const int RingSize = FileLimits.PipeCapacity;
        private static readonly Pipe[] s_pipes = new Pipe[Capacity];
        private static MappedTable<byte> s_rings;

        public static void Start(MappedTable<byte> rings)
        {
            s_pipes.AsSpan().Clear();
            s_rings = rings;
        }

        public static ref Pipe At(int index) => ref s_pipes[index];

        // A new pipe with one reader and one writer: its index, or -1.
        public static int Make()
        {
            for (int i = 0; i < Capacity; i++)
            {
                if (s_pipes[i].InUse) continue;
                s_pipes[i] = new Pipe { InUse = true, Readers = 1, Writers = 1 };
                return i;
            }
            return -1;
        }

        // A FIFO's pipe, before its first open counts its ends: its index, or -1.
        public static int MakeUnopened()
        {
            int pipe = Make();
            if (pipe >= 0) s_pipes[pipe].Readers = s_pipes[pipe].Writers = 0;
            return pipe;
        }

        // An open file description of the pipe (`flags` its open flags) closed: the other side
        // learns of it (EOF for readers once no writer is left, EPIPE for writers once no reader).
        // True when that was the last and the pipe is gone (a FIFO's bytes go with it, as Linux's).
        public static bool CloseEnd(int pipe, int vnode, int flags)
        {
            ref Pipe p = ref s_pipes[pipe];
            int access = flags & OpenFlags.AccessMode;
            if (access != OpenFlags.WriteOnly) p.Readers--;
            if (access != OpenFlags.ReadOnly) p.Writers--;
            if (p.Readers <= 0 && p.Writers <= 0)
            {
                p = default;
                return true;
            }
            Suspensions.Wake(vnode);
            return false;
        }

        public static void Opened(int pipe, int flags)
        {
            ref Pipe p = ref s_pipes[pipe];
            int access = flags & OpenFlags.AccessMode;
            if (access != OpenFlags.WriteOnly)
            {
                p.Readers++;
                p.ReaderOpens++;
            }
            if (access != OpenFlags.ReadOnly)
            {
                p.Writers++;
                p.WriterOpens++;
            }
        }

        public static long Read(int record, int pipe, int vnode, ulong buffer, ulong count, bool nonBlocking)
        {
            ref Pipe p = ref s_pipes[pipe];
            if (count == 0) return 0;
            if (p.Length == 0)
            {
                if (p.Writers == 0) return 0;
                if (nonBlocking) return -EAGAIN;
                return Suspensions.Hold(record, HeldKinds.PipeRead, vnode);
            }
            int n = (int)Math.Min(count, (ulong)p.Length);
            int first = Math.Min(n, RingSize - p.Head);
            int endpoint = Processes.At(record).Endpoint;
            if (new ProcessSlice<Writable>(endpoint, buffer, (ulong)first).CopyFrom(Ring(pipe, p.Head, first)) != 0
                || (n > first && new ProcessSlice<Writable>(endpoint, buffer + (ulong)first, (ulong)(n - first)).CopyFrom(Ring(pipe, 0, n - first)) != 0))
                return -EFAULT;
            p.Head = (p.Head + n) % RingSize;
            p.Length -= n;
            if (p.Length == 0) p.Head = 0;
            Suspensions.Wake(vnode);
            return n;
        }

        // A write goes on where a held one stopped (the record's Progress).
        public static long Write(int record, int pipe, int vnode, ulong buffer, ulong count, bool nonBlocking)
        {
            ref Pipe p = ref s_pipes[pipe];
            ref FileProcess process = ref Processes.At(record);
            long progress = process.Progress;
            process.Progress = 0;
            if (p.Readers == 0)
            {
                Signals.BrokenPipe(process.Endpoint);
                return progress > 0 ? progress : -EPIPE;
            }
            if (count == 0) return 0;
            if (p.Length == 0)
            {
                progress += PipeHandOff.ToWaitingReader(vnode, process.Endpoint, buffer + (ulong)progress, count - (ulong)progress);
                if ((ulong)progress == count) return progress;
            }
            ulong remaining = count - (ulong)progress;
            int free = RingSize - p.Length;
            int n = remaining <= FileLimits.PipeBuffer && (ulong)free < remaining ? 0 : (int)Math.Min(remaining, (ulong)free);
            if (n > 0)
            {
                int tail = (p.Head + p.Length) % RingSize;
                int first = Math.Min(n, RingSize - tail);
                ulong from = buffer + (ulong)progress;
                if (new ProcessSlice<Readable>(process.Endpoint, from, (ulong)first).CopyTo(Ring(pipe, tail, first)) != 0
                    || (n > first && new ProcessSlice<Readable>(process.Endpoint, from + (ulong)first, (ulong)(n - first)).CopyTo(Ring(pipe, 0, n - first)) != 0))
                    return progress > 0 ? progress : -EFAULT;
                p.Length += n;
                progress += n;
                Suspensions.Wake(vnode);
            }
            if ((ulong)progress == count) return progress;
            if (nonBlocking) return progress > 0 ? progress : -EAGAIN;
            process.Progress = progress;
            return Suspensions.Hold(record, HeldKinds.PipeWrite, vnode);
        }

        // Free bytes in the ring.
        public static int Room(int pipe) => RingSize - s_pipes[pipe].Length;

        // Bytes of VFS's own into the ring (sendfile), as many as fit: the count.
        public static int Put(int pipe, int vnode, ReadOnlySpan<byte> bytes)
        {
            ref Pipe p = ref s_pipes[pipe];
            int n = Math.Min(bytes.Length, RingSize - p.Length);
            int tail = (p.Head + p.Length) % RingSize;
            int first = Math.Min(n, RingSize - tail);
            bytes.Slice(0, first).CopyTo(Ring(pipe, tail, first));
            bytes.Slice(first, n - first).CopyTo(Ring(pipe, 0, n - first));
            p.Length += n;
            if (n > 0) Suspensions.Wake(vnode);
            return n;
        }

        // poll's view: which of In, Out, HangUp, Error hold for this end.
        public static short Events(int pipe, int flags)
        {
            ref Pipe p = ref s_pipes[pipe];
            int access = flags & OpenFlags.AccessMode;
            short events = 0;
            if (access != OpenFlags.WriteOnly)
            {
                if (p.Length > 0) events |= PollEvents.In | PollEvents.ReadNormal;
                if (p.Writers == 0) events |= PollEvents.HangUp;
            }
            if (access != OpenFlags.ReadOnly)
            {
                if (p.Readers == 0) events |= PollEvents.Error;
                else if (RingSize - p.Length >= FileLimits.PipeBuffer) events |= PollEvents.Out | PollEvents.WriteNormal;
            }
            return events;
        }

        private static Span<byte> Ring(int pipe, int at, int length) => s_rings.Slice(pipe * RingSize + at, length);
    }
}
