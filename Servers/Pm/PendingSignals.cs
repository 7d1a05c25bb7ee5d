using System;
using System.Buffers.Binary;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Pm
{
    // What a siginfo says, kept compactly while the signal is pending; written out in Linux's
    // layout (128 bytes) when a handler or rt_sigtimedwait takes it.
    internal struct SignalInfo
    {
        public int Signal;
        public int Code;                    // SI_USER, SI_QUEUE, SI_KERNEL, CLD_*...
        public int Pid;
        public uint Uid;
        public int Status;                  // SIGCHLD's si_status
        public long Value;                  // sigqueue's si_value; SIGCHLD's si_utime
        public long SystemTime;             // SIGCHLD's si_stime

        public static SignalInfo FromKernel(int signal) => new SignalInfo { Signal = signal, Code = LinuxSignals.SI_KERNEL };

        // siginfo_t: si_signo, si_errno, si_code, then the union at 16: si_pid, si_uid, and
        // si_value at 24, or for SIGCHLD si_status at 24, si_utime at 32, si_stime at 40.
        public readonly void WriteTo(Span<byte> info)
        {
            info.Slice(0, SignalFrame.InfoSize).Clear();
            BinaryPrimitives.WriteInt32LittleEndian(info, Signal);
            BinaryPrimitives.WriteInt32LittleEndian(info.Slice(8), Code);
            if (Code == LinuxSignals.SI_KERNEL) return;
            BinaryPrimitives.WriteInt32LittleEndian(info.Slice(16), Pid);
            BinaryPrimitives.WriteUInt32LittleEndian(info.Slice(20), Uid);
            if (Signal == LinuxSignals.SIGCHLD && Code > 0)
            {
                BinaryPrimitives.WriteInt32LittleEndian(info.Slice(24), Status);
                BinaryPrimitives.WriteInt64LittleEndian(info.Slice(32), Value);
                BinaryPrimitives.WriteInt64LittleEndian(info.Slice(40), SystemTime);
            }
            else BinaryPrimitives.WriteInt64LittleEndian(info.Slice(24), Value);
        }
    }

    // The signals sent to each process and not yet taken (MINIX's mp_sigpending, with Linux's
    // queue): a standard signal (1-31) is pending once, with the first sender's siginfo; a
    // real-time signal (32-64) queues each time it is sent, up to the process's
    // RLIMIT_SIGPENDING, in a pool shared by all (a kill beyond it still marks it pending, with
    // a bare siginfo, as Linux does; a sigqueue fails with EAGAIN).
    internal static class PendingSignals
    {
        public const int QueuePool = 1024;
        private const int End = -1;

        private static readonly ulong[] s_sets = new ulong[PosixProcesses.MaxProcesses];
        private static readonly SignalInfo[] s_standard = new SignalInfo[PosixProcesses.MaxProcesses * (LinuxSignals.SIGRTMIN - 1)];
        private static readonly QueuedSignal[] s_pool = NewPool();
        private static readonly int[] s_queueHeads = NewHeads();
        private static readonly int[] s_queued = new int[PosixProcesses.MaxProcesses];
        private static int s_free;

        private struct QueuedSignal
        {
            public SignalInfo Info;
            public int Next;
        }

        public static ulong Of(int record) => s_sets[record];

        public static bool IsPending(int record, int signal) => (s_sets[record] & LinuxSignals.Bit(signal)) != 0;

        // The signal is pending now (queued again if real-time). False when a real-time signal
        // found no room: with `mustQueue` (sigqueue) nothing changed, else it is pending with
        // a bare siginfo.
        public static bool Add(int record, in SignalInfo info, ulong queueLimit, bool mustQueue)
        {
            int signal = info.Signal;
            ulong bit = LinuxSignals.Bit(signal);
            if (!LinuxSignals.IsRealTime(signal))
            {
                if ((s_sets[record] & bit) == 0) s_standard[StandardIndex(record, signal)] = info;
                s_sets[record] |= bit;
                return true;
            }
            if (s_free == End || (ulong)s_queued[record] >= queueLimit)
            {
                if (mustQueue) return false;
                s_sets[record] |= bit;
                return false;
            }
            int entry = s_free;
            s_free = s_pool[entry].Next;
            s_pool[entry].Info = info;
            s_pool[entry].Next = End;
            int tail = s_queueHeads[record];
            if (tail == End) s_queueHeads[record] = entry;
            else
            {
                while (s_pool[tail].Next != End) tail = s_pool[tail].Next;
                s_pool[tail].Next = entry;
            }
            s_queued[record]++;
            s_sets[record] |= bit;
            return true;
        }

        // Takes one instance of the signal: its siginfo (a bare one when none was kept).
        public static SignalInfo Take(int record, int signal)
        {
            ulong bit = LinuxSignals.Bit(signal);
            if (!LinuxSignals.IsRealTime(signal))
            {
                s_sets[record] &= ~bit;
                return s_standard[StandardIndex(record, signal)];
            }
            SignalInfo info = new SignalInfo { Signal = signal, Code = LinuxSignals.SI_USER };
            bool more = false;
            int previous = End;
            for (int entry = s_queueHeads[record]; entry != End; previous = entry, entry = s_pool[entry].Next)
            {
                if (s_pool[entry].Info.Signal != signal) continue;
                info = s_pool[entry].Info;
                Unlink(record, previous, entry);
                for (int rest = previous == End ? s_queueHeads[record] : s_pool[previous].Next; rest != End; rest = s_pool[rest].Next)
                    if (s_pool[rest].Info.Signal == signal) more = true;
                break;
            }
            if (!more) s_sets[record] &= ~bit;
            return info;
        }

        // Drops every pending instance of the signals in `set` (SIG_IGN, SIGCONT's effect on
        // stop signals and theirs on SIGCONT).
        public static void Discard(int record, ulong set)
        {
            s_sets[record] &= ~set;
            int previous = End;
            for (int entry = s_queueHeads[record]; entry != End;)
            {
                int next = s_pool[entry].Next;
                if ((set & LinuxSignals.Bit(s_pool[entry].Info.Signal)) != 0) Unlink(record, previous, entry);
                else previous = entry;
                entry = next;
            }
        }

        public static void Clear(int record) => Discard(record, ~0UL);

        // The signal to deliver next among those pending and not in `mask` (SIGKILL and SIGSTOP
        // are never masked): a fault's first, then the lowest (Linux's next_signal). 0: none.
        public static int Next(int record, ulong mask)
        {
            ulong ready = s_sets[record] & (~mask | LinuxSignals.Unblockable);
            if (ready == 0) return 0;
            ulong synchronous = ready & LinuxSignals.Synchronous;
            return Lowest(synchronous != 0 ? synchronous : ready);
        }

        // The lowest signal in a set, 0 for none.
        public static int Lowest(ulong set)
        {
            if (set == 0) return 0;
            int signal = 1;
            while ((set & 1) == 0)
            {
                set >>= 1;
                signal++;
            }
            return signal;
        }

        private static void Unlink(int record, int previous, int entry)
        {
            int next = s_pool[entry].Next;
            if (previous == End) s_queueHeads[record] = next;
            else s_pool[previous].Next = next;
            s_pool[entry].Next = s_free;
            s_free = entry;
            s_queued[record]--;
        }

        private static int StandardIndex(int record, int signal) => record * (LinuxSignals.SIGRTMIN - 1) + signal - 1;

        private static QueuedSignal[] NewPool()
        {
            var pool = new QueuedSignal[QueuePool];
            for (int i = 0; i < pool.Length; i++) pool[i].Next = i + 1 < pool.Length ? i + 1 : End;
            return pool;
        }

        private static int[] NewHeads()
        {
            var heads = new int[PosixProcesses.MaxProcesses];
            for (int i = 0; i < heads.Length; i++) heads[i] = End;
            return heads;
        }
    }
}
