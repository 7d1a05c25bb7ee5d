using System;
using System.Buffers.Binary;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.SystemLibrary;

namespace Lunix.Servers.Pm
{
    // What processes use (times, getrusage, wait4's rusage): CPU time from the kernel's ticks
    // (all user time: the kernel runs with interrupts off, and time in servers is the servers'),
    // and the most memory a process was seen to map (ru_maxrss, sampled when asked and at its
    // end). Children's figures are those of the children waited for, and theirs.
    internal static class Usage
    {
        public const int RusageBytes = 144;
        private const long RusageSelf = 0, RusageChildren = -1, RusageThread = 1;

        public static void Sample(int record, out ulong ticks, out ulong resident)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            if (Kernel.TimesOf(process.Endpoint, out ProcessTimes times) == 0)
            {
                process.UserTicks = times.UserTicks;
                process.ResidentPeak = Math.Max(process.ResidentPeak, times.ResidentBytes);
            }
            ticks = process.UserTicks;
            resident = process.ResidentPeak;
        }

        // struct rusage: ru_utime, ru_stime (timevals), then fourteen longs from ru_maxrss (KiB).
        public static long Write(int endpoint, ulong address, ulong ticks, ulong residentBytes)
        {
            Span<byte> usage = stackalloc byte[RusageBytes];
            usage.Clear();
            ulong nanoseconds = PmClock.TicksToNanoseconds(ticks);
            BinaryPrimitives.WriteInt64LittleEndian(usage, (long)(nanoseconds / PmClock.NanosecondsPerSecond));
            BinaryPrimitives.WriteInt64LittleEndian(usage.Slice(8), (long)(nanoseconds % PmClock.NanosecondsPerSecond / 1000));
            BinaryPrimitives.WriteInt64LittleEndian(usage.Slice(32), (long)(residentBytes / 1024));
            return UserMemory.Write(endpoint, address, usage);
        }

        public static long GetRusage(int record, long who, ulong address)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            ulong ticks, resident;
            if (who == RusageSelf || who == RusageThread) Sample(record, out ticks, out resident);
            else if (who == RusageChildren)
            {
                ticks = process.ChildTicks;
                resident = process.ChildResidentPeak;
            }
            else return -(long)LinuxErrno.EINVAL;
            return Write(process.Endpoint, address, ticks, resident);
        }

        // times: struct tms (utime, stime, cutime, cstime) in USER_HZ ticks; the result is the
        // time since boot in the same ticks.
        public static long Times(int record, ulong address)
        {
            ref PosixProcess process = ref PosixProcesses.At(record);
            if (address != 0)
            {
                Sample(record, out ulong ticks, out _);
                Span<byte> tms = stackalloc byte[32];
                tms.Clear();
                BinaryPrimitives.WriteInt64LittleEndian(tms, (long)PmClock.TicksToUserHz(ticks));
                BinaryPrimitives.WriteInt64LittleEndian(tms.Slice(16), (long)PmClock.TicksToUserHz(process.ChildTicks));
                if (UserMemory.Write(process.Endpoint, address, tms) != 0) return -(long)LinuxErrno.EFAULT;
            }
            return (long)(PmClock.MonotonicNow() / (PmClock.NanosecondsPerSecond / PmClock.UserHz));
        }
    }
}
