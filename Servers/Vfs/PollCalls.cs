using System;
using System.Buffers.Binary;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;
using static Lunix.Servers.Vfs.Errors;

namespace Lunix.Servers.Vfs
{
    // poll, ppoll, select, pselect6 (MINIX's do_select): each descriptor's readiness asked of
    // what it names (a pipe's ring, a device, a file: always ready); with none ready and time
    // left the call is held (Suspensions), run again whenever a pipe or a terminal changes, and
    // ended by the kernel's alarm at its deadline. VFS never blocks. The signal masks of ppoll
    // and pselect6 are PM's to apply; VFS does not see them.
    public static class PollCalls
    {
        private const int MaxEntries = DescriptorTable.OpenMax;
        private static readonly byte[] s_entries = new byte[MaxEntries * LinuxPollFd.Size];
        private static readonly byte[] s_sets = new byte[3 * MaxEntries / 8];

        // poll and ppoll; `timeoutTicks` -1: no limit. More entries than RLIMIT_NOFILE (which is
        // at most MaxEntries here) is EINVAL, as on Linux.
        public static long Poll(int record, ulong fds, ulong count, long timeoutTicks, bool rerun)
        {
            if (count > (ulong)Descriptors.Table.LimitOf(record)) return -EINVAL;
            int endpoint = Processes.At(record).Endpoint;
            Span<byte> entries = s_entries.AsSpan(0, (int)count * LinuxPollFd.Size);
            if (count > 0 && new ProcessSlice<Readable>(endpoint, fds, (ulong)entries.Length).CopyTo(entries) != 0) return -EFAULT;
            int ready = 0;
            for (int i = 0; i < (int)count; i++)
            {
                Span<byte> entry = entries.Slice(i * LinuxPollFd.Size, LinuxPollFd.Size);
                int fd = BinaryPrimitives.ReadInt32LittleEndian(entry);
                short wanted = (short)BinaryPrimitives.ReadUInt16LittleEndian(entry.Slice(4));
                short events = 0;
                if (fd >= 0)
                {
                    int file = Descriptors.FileOf(record, fd);
                    events = file < 0 ? PollEvents.Invalid
                           : (short)(EventsOf(file) & (wanted | PollEvents.Error | PollEvents.HangUp));
                }
                BinaryPrimitives.WriteUInt16LittleEndian(entry.Slice(6), (ushort)events);
                if (events != 0) ready++;
            }
            if (ready == 0 && timeoutTicks != 0 && !TimedOut(record, timeoutTicks, rerun)) return Hold(record);
            Processes.At(record).Deadline = 0;
            if (count > 0 && new ProcessSlice<Writable>(endpoint, fds, (ulong)entries.Length).CopyFrom(entries) != 0) return -EFAULT;
            return ready;
        }

        // select and pselect6: three fd_set bitmaps of `count` descriptors.
        public static long Select(int record, int count, ulong readSet, ulong writeSet, ulong exceptSet, long timeoutTicks, bool rerun)
        {
            if (count < 0 || count > MaxEntries) return -EINVAL;
            int endpoint = Processes.At(record).Endpoint;
            int bytes = (count + 63) / 64 * 8;
            Span<byte> sets = s_sets.AsSpan(0, 3 * bytes);
            sets.Clear();
            Span<byte> read = sets.Slice(0, bytes), write = sets.Slice(bytes, bytes), except = sets.Slice(2 * bytes, bytes);
            if ((readSet != 0 && new ProcessSlice<Readable>(endpoint, readSet, (ulong)bytes).CopyTo(read) != 0)
                || (writeSet != 0 && new ProcessSlice<Readable>(endpoint, writeSet, (ulong)bytes).CopyTo(write) != 0)
                || (exceptSet != 0 && new ProcessSlice<Readable>(endpoint, exceptSet, (ulong)bytes).CopyTo(except) != 0)) return -EFAULT;
            int ready = 0;
            for (int fd = 0; fd < count; fd++)
            {
                byte bit = (byte)(1 << (fd % 8));
                int at = fd / 8;
                bool wantsRead = (read[at] & bit) != 0, wantsWrite = (write[at] & bit) != 0, wantsExcept = (except[at] & bit) != 0;
                if (!wantsRead && !wantsWrite && !wantsExcept) continue;
                int file = Descriptors.FileOf(record, fd);
                if (file < 0) return -EBADF;
                short events = EventsOf(file);
                bool readable = wantsRead && (events & (PollEvents.In | PollEvents.HangUp | PollEvents.Error)) != 0;
                bool writable = wantsWrite && (events & (PollEvents.Out | PollEvents.Error)) != 0;
                bool exceptional = wantsExcept && (events & PollEvents.Priority) != 0;
                if (!readable) read[at] &= (byte)~bit;
                if (!writable) write[at] &= (byte)~bit;
                if (!exceptional) except[at] &= (byte)~bit;
                ready += (readable ? 1 : 0) + (writable ? 1 : 0) + (exceptional ? 1 : 0);
            }
            if (ready == 0 && timeoutTicks != 0 && !TimedOut(record, timeoutTicks, rerun)) return Hold(record);
            Processes.At(record).Deadline = 0;
            if ((readSet != 0 && new ProcessSlice<Writable>(endpoint, readSet, (ulong)bytes).CopyFrom(read) != 0)
                || (writeSet != 0 && new ProcessSlice<Writable>(endpoint, writeSet, (ulong)bytes).CopyFrom(write) != 0)
                || (exceptSet != 0 && new ProcessSlice<Writable>(endpoint, exceptSet, (ulong)bytes).CopyFrom(except) != 0)) return -EFAULT;
            return ready;
        }

        // A program's timeout in ticks, rounded up: poll's milliseconds (negative: none).
        public static long TicksOfMilliseconds(long milliseconds) =>
            milliseconds < 0 ? -1 : milliseconds == 0 ? 0 : (milliseconds * (long)VfsClock.Hz + 999) / 1000;

        // A struct timespec (nanoseconds) or timeval (microseconds) at `address`: ticks, -1 for
        // a null pointer (no limit), or a negated errno.
        public static long TicksOfTime(int record, ulong address, long unitsPerSecond)
        {
            if (address == 0) return -1;
            Span<byte> time = stackalloc byte[16];
            if (new ProcessSlice<Readable>(Processes.At(record).Endpoint, address, 16).CopyTo(time) != 0) return -EFAULT;
            long seconds = BinaryPrimitives.ReadInt64LittleEndian(time), fraction = BinaryPrimitives.ReadInt64LittleEndian(time.Slice(8));
            if (seconds < 0 || fraction < 0 || fraction >= unitsPerSecond) return -EINVAL;
            if (seconds == 0 && fraction == 0) return 0;
            long hz = (long)VfsClock.Hz;
            return seconds * hz + (fraction * hz + unitsPerSecond - 1) / unitsPerSecond;
        }

        private static short EventsOf(int file)
        {
            ref OpenFile open = ref OpenFiles.At(file);
            ref Vnode vnode = ref Vnodes.At(open.Vnode);
            if (vnode.Pipe >= 0) return Pipes.Events(vnode.Pipe, open.Flags);
            if (FileModes.IsCharDevice(vnode.Mode)) return CharDevices.Events(vnode.SpecialDevice, open.Flags);
            return PollEvents.In | PollEvents.ReadNormal | PollEvents.Out | PollEvents.WriteNormal;
        }

        // Whether the call's time is up; on its first run its deadline is set.
        private static bool TimedOut(int record, long timeoutTicks, bool rerun)
        {
            ref FileProcess process = ref Processes.At(record);
            ulong now = VfsClock.Ticks();
            // One tick more than asked: the tick under way has partly gone already, and a
            // timeout may end late but never early (Linux's jiffies timeouts add one too).
            if (!rerun) process.Deadline = timeoutTicks < 0 ? 0 : now + (ulong)timeoutTicks + 1;
            return process.Deadline != 0 && now >= process.Deadline;
        }

        private static long Hold(int record)
        {
            long held = Suspensions.Hold(record, HeldKinds.Poll, -1);
            VfsClock.ArmAlarm(Suspensions.NextDeadline());
            return held;
        }
    }
}
