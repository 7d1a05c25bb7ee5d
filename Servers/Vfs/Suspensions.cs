using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Vfs
{
    // Calls VFS answers later (MINIX's suspend/revive): a process whose call must wait (an empty
    // pipe, a full one, poll, a terminal's read) stays blocked in its call while VFS serves
    // others. Its record keeps the call; when what it waits on changes (Wake: a pipe's vnode), or
    // its poll's time runs out, the call is run again (RunReady) and answered when it completes.
    // PM's Unpause (a signal) ends it: -EINTR, or PosixErrors.Restart when nothing moved yet.
    public static class Suspensions
    {
        // A call's result meaning "held: no answer now".
        public const long Held = long.MinValue;

        private static readonly bool[] s_ready = new bool[Processes.Capacity];
        private static bool s_anyReady;

        // The records that may hold a call: Hold lists a record, and RunReady drops those found
        // holding nothing. The wake-ups look at these few instead of every record (1,024), which
        // cost each pipe read and write thousands of instructions. Only RunReady drops entries,
        // when nothing else walks the list, so an index stays valid during a walk.
        private static readonly int[] s_holding = new int[Processes.Capacity];
        private static readonly bool[] s_listed = new bool[Processes.Capacity];
        private static int s_holdingCount;

        public static int HoldingCount => s_holdingCount;
        public static int HoldingAt(int index) => s_holding[index];

        public static long Hold(int record, int kind, int vnode)
        {
            ref FileProcess process = ref Processes.At(record);
            process.Held = kind;
            process.WaitVnode = vnode;
            if (!s_listed[record])
            {
                s_listed[record] = true;
                s_holding[s_holdingCount++] = record;
            }
            return Held;
        }

        // The hold made by a call that then answers after all (readv with bytes already moved).
        public static void Forget(int record)
        {
            ref FileProcess process = ref Processes.At(record);
            process.Held = HeldKinds.None;
            process.Progress = 0;
        }

        // Whatever waits on `vnode` (a pipe's readers or writers, every poll) is run again. A call
        // held on a driver waits for its answer, not on a vnode (its WaitVnode is -1, which
        // Wake(-1), "every poll", must not take for its own: run again, it would be a second
        // request beside the first).
        public static void Wake(int vnode)
        {
            for (int i = 0; i < s_holdingCount; i++)
            {
                int record = s_holding[i];
                ref FileProcess process = ref Processes.At(record);
                if (!process.InUse || process.Held == HeldKinds.None || process.Held == HeldKinds.Driver) continue;
                if (process.Held == HeldKinds.Poll || process.WaitVnode == vnode)
                {
                    s_ready[record] = true;
                    s_anyReady = true;
                }
            }
        }

        // The first record held in a plain read(2) of the pipe `vnode` (not readv, whose rerun
        // walks its vector, nor poll), or -1.
        public static int PlainReaderOf(int vnode)
        {
            for (int i = 0; i < s_holdingCount; i++)
            {
                int record = s_holding[i];
                ref FileProcess process = ref Processes.At(record);
                if (process.InUse && process.Held == HeldKinds.PipeRead && process.WaitVnode == vnode && process.Call.Number == LinuxCalls.Read)
                    return record;
            }
            return -1;
        }

        // The held call was done by the call VFS is serving: it is answered `result` after that
        // call's own answer (RunReady), so that the process whose call this is runs first.
        public static void Complete(int record, long result)
        {
            ref FileProcess process = ref Processes.At(record);
            process.Held = HeldKinds.Completed;
            process.Result = result;
            s_ready[record] = true;
            s_anyReady = true;
        }

        // The held call runs again, from the start (its driver restarted).
        public static void Retry(int record)
        {
            s_ready[record] = true;
            s_anyReady = true;
        }

        // Every poll whose time ran out is run again (it then answers 0).
        public static void TimeOut(ulong now)
        {
            for (int i = 0; i < s_holdingCount; i++)
            {
                int record = s_holding[i];
                ref FileProcess process = ref Processes.At(record);
                if (process.InUse && process.Held == HeldKinds.Poll && process.Deadline != 0 && process.Deadline <= now)
                {
                    s_ready[record] = true;
                    s_anyReady = true;
                }
            }
        }

        // The woken calls run again, each answered if it completes now; those it wakes in turn
        // run too.
        public static void RunReady()
        {
            while (s_anyReady)
            {
                s_anyReady = false;
                for (int i = 0; i < s_holdingCount; i++)
                {
                    int record = s_holding[i];
                    if (!s_ready[record]) continue;
                    s_ready[record] = false;
                    ref FileProcess process = ref Processes.At(record);
                    if (!process.InUse || process.Held == HeldKinds.None) continue;
                    if (process.Held == HeldKinds.Completed)
                    {
                        process.Held = HeldKinds.None;
                        PosixCalls.Answer(process.Endpoint, process.Result);
                        continue;
                    }
                    process.Held = HeldKinds.None;
                    PosixCall call = process.Call;
                    long result = PosixCalls.Handle(record, in call, rerun: true);
                    if (result != Held) PosixCalls.Answer(process.Endpoint, result);
                }
            }
            DropIdle();
        }

        // Takes the records that hold nothing now off the list (the last entry fills the gap).
        private static void DropIdle()
        {
            for (int i = 0; i < s_holdingCount;)
            {
                int record = s_holding[i];
                ref FileProcess process = ref Processes.At(record);
                if (process.InUse && process.Held != HeldKinds.None)
                {
                    i++;
                    continue;
                }
                s_listed[record] = false;
                s_holding[i] = s_holding[--s_holdingCount];
            }
        }

        // PM's Unpause: the held call ends now. True when there was one.
        public static bool Interrupt(int record)
        {
            ref FileProcess process = ref Processes.At(record);
            if (process.Held == HeldKinds.None) return false;
            if (process.Held == HeldKinds.Driver)
            {
                CharDevices.Cancel(record);         // the driver answers with what moved, then VFS the process
                return true;
            }
            if (process.Held == HeldKinds.FifoOpen) Fifos.Abandon(record);
            long result = process.Held == HeldKinds.Poll ? -(long)LinuxErrno.EINTR
                        : process.Progress > 0 ? process.Progress : PosixErrors.Restart;
            process.Held = HeldKinds.None;
            process.Progress = 0;
            process.Deadline = 0;
            PosixCalls.Answer(process.Endpoint, result);
            return true;
        }

        // The earliest deadline of a held poll, 0 when none.
        public static ulong NextDeadline()
        {
            ulong next = 0;
            for (int i = 0; i < s_holdingCount; i++)
            {
                ref FileProcess process = ref Processes.At(s_holding[i]);
                if (process.InUse && process.Held == HeldKinds.Poll && process.Deadline != 0 && (next == 0 || process.Deadline < next))
                    next = process.Deadline;
            }
            return next;
        }
    }
}
