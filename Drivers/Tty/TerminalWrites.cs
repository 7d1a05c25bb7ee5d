using System;
using Lunix.Abi.Linux;

namespace Lunix.Drivers.Tty
{
    // A write in progress: how much it has, how much of it is queued.
    public struct TerminalWrite
    {
        public int Length;
        public int Done;
        public bool NonBlocking;
    }

    // Writes (n_tty_write): the bytes go through output processing into the output queue, and
    // the write is done once all are queued (not sent). A full queue makes it wait, or with
    // O_NONBLOCK return what was queued (-EAGAIN for none).
    public sealed partial class Terminal
    {
        // Offers `data`, the write's next bytes (from write.Done on), to the output; returns the
        // write's result when it is finished, More when all of `data` went and more is to come,
        // or Waiting for room.
        public long Write(ref TerminalWrite write, ReadOnlySpan<byte> data)
        {
            int queued = 0;
            while (queued < data.Length && Output.Put(data[queued], Settings)) queued++;
            write.Done += queued;
            if (write.Done == write.Length) return write.Length;
            if (queued == data.Length) return More;
            if (write.NonBlocking) return write.Done > 0 ? write.Done : -(long)LinuxErrno.EAGAIN;
            return Waiting;
        }
    }
}
