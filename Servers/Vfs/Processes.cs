using System;
using Lunix.Abi;

namespace Lunix.Servers.Vfs
{
    // What VFS keeps of each POSIX process (MINIX's struct fproc): its ids as PM last said, its
    // umask, working and root directories, and the call VFS holds for it, if any (a read from an
    // empty pipe, poll). Records are found by the endpoint's slot; a process VFS has not heard of
    // yet gets one at its first call, with descriptors 0, 1 and 2 open on the console.
    public struct FileProcess
    {
        public bool InUse;
        public int Endpoint;
        public int Pid, ProcessGroup, Session;
        public int CallerFlags;                         // for its terminal (PM's news: CharDriverCaller.Flags)
        public uint Uid, Gid;
        public uint Umask;
        public int WorkingDirectory, RootDirectory;     // vnodes
        // A held call (Suspensions): its kind, the call itself, and its progress.
        public int Held;                                // HeldKinds
        public PosixCall Call;
        public long Progress;                           // bytes moved so far (a pipe write)
        public long Result;                             // a held call another completed (HeldKinds.Completed): its answer
        public ulong Deadline;                          // poll/select: the tick it times out at (0: never)
        public int WaitVnode;                           // a pipe's vnode it waits on
        public int DriverRequest;                       // a character driver's request Id it waits on
        public int DriverGrant;                         // the grant made for that request
        public int DriverEndpoint;
        public int DriverFile;                          // the open file whose position that request moves (-1: none)
        public int FifoFile;                            // a FIFO's open file description a held open installs, + 1
        public int FifoFlags;                           // that open's flags
        public int FifoOtherOpens;                      // the other end's opens when it began waiting
    }

    public static class HeldKinds
    {
        public const int None = 0, PipeRead = 1, PipeWrite = 2, Poll = 3, Driver = 4, FifoOpen = 5;
        // Done by another process's call (a writer filled the held read: PipeHandOff), to be
        // answered with Result once that call's own answer is out (Suspensions.RunReady).
        public const int Completed = 6;
    }

    public static class Processes
    {
        // One record per endpoint slot: every process the kernel can hold may have files.
        public const int Capacity = Endpoint.Slots;
        private static readonly FileProcess[] s_records = new FileProcess[Capacity];
        private static readonly short[] s_recordOfSlot = new short[Endpoint.Slots];    // record + 1

        public static ref FileProcess At(int record) => ref s_records[record];

        public static void Reset()
        {
            s_records.AsSpan().Clear();
            s_recordOfSlot.AsSpan().Clear();
        }

        // The record of `endpoint`, or -1.
        public static int Find(int endpoint)
        {
            int slot = Endpoint.SlotOf(endpoint);
            if ((uint)slot >= (uint)s_recordOfSlot.Length) return -1;
            int record = s_recordOfSlot[slot] - 1;
            return record >= 0 && s_records[record].Endpoint == endpoint ? record : -1;
        }

        // A fresh record for `endpoint` (the caller fills it); -1 when the table is full.
        public static int Add(int endpoint)
        {
            int slot = Endpoint.SlotOf(endpoint);
            if ((uint)slot >= (uint)s_recordOfSlot.Length) return -1;
            for (int i = 0; i < Capacity; i++)
            {
                if (s_records[i].InUse) continue;
                s_records[i] = new FileProcess { InUse = true, Endpoint = endpoint, Umask = 0x12, WorkingDirectory = -1, RootDirectory = -1 };
                s_recordOfSlot[slot] = (short)(i + 1);
                return i;
            }
            return -1;
        }

        public static void Remove(int record)
        {
            int slot = Endpoint.SlotOf(s_records[record].Endpoint);
            if (s_recordOfSlot[slot] == record + 1) s_recordOfSlot[slot] = 0;
            s_records[record] = default;
        }
    }
}
