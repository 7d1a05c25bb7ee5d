using System;
using Lunix.Abi;
using Lunix.Abi.Linux;

namespace Lunix.Servers.Pm
{
    // What PM knows of each POSIX process (MINIX's mproc): one record per process, live or a
    // zombie waiting for its parent's wait, in a table sized at start-up (MaxProcesses: fork
    // fails with EAGAIN when it is full). Live processes are found by the slot of their endpoint;
    // a zombie's slot is free for others, so it is found by its pid. The signal actions, pending
    // signals, limits, groups and timers of a record live in tables of their own, by record.
    internal enum ProcessPhase : byte { Free, Alive, Zombie }

    // The call of a process that PM holds (MINIX's WAITING, SIGSUSPENDED, PAUSED): PM answers it
    // when what it waits for happens, or a signal interrupts it.
    internal enum HeldCall : byte
    {
        None,
        Handling,       // PM is handling its call now: a signal for it goes with the answer
        Answer,         // its answer (PosixProcess.Answer) is ready: signals deliverable now go with it
        Wait,           // wait4, waitid
        Pause,
        Suspend,        // rt_sigsuspend: SavedMask is the mask it restores
        Sleep,          // nanosleep, clock_nanosleep
        SignalWait,     // rt_sigtimedwait
        Vfork,          // a vfork parent, until its child execs or ends
        Futex,          // FUTEX_WAIT, FUTEX_WAIT_BITSET: Futex says on what
    }

    // A change of a child's state that its parent's wait has not reported yet.
    internal enum ChildReport : byte { None, Stopped, Continued }

    // A process's user and group ids: real, effective, saved.
    internal struct Identity
    {
        public uint Ruid, Euid, Suid, Rgid, Egid, Sgid;

        // Root, as every process starts (Lunix has no logins yet): the capabilities of Linux's
        // root go with an effective uid of 0.
        public readonly bool Privileged => Euid == 0;
    }

    // What a held wait4 or waitid waits for.
    internal struct WaitRequest
    {
        public WaitSelector Selector;
        public int Id;                      // the pid or the process group Selector names
        public int Options;                 // Linux's (WNOHANG, WUNTRACED/WSTOPPED, WEXITED, WCONTINUED, WNOWAIT, __WALL, __WCLONE)
        public bool Waitid;                 // the answer is a siginfo (waitid), not a status (wait4)
        public ulong StatusAddress;         // wait4's status, or waitid's siginfo
        public ulong UsageAddress;          // struct rusage, or 0
    }

    internal enum WaitSelector : byte { Any, Pid, Group }

    internal struct PosixProcess
    {
        public ProcessPhase Phase;
        public int Pid, ParentPid, ProcessGroup, Session;
        public int Endpoint;
        public ServiceLabel Name;
        public int ExitSignal;              // what its parent is sent when it ends (SIGCHLD, or clone's)
        public bool Execed;                 // made an execve since it was forked (setpgid's EACCES)
        public Identity Ids;
        public int Nice;                    // -20..19, as setpriority set it
        public ulong ClearChildTid;         // set_tid_address, CLONE_CHILD_CLEARTID
        public int ToldCallerFlags;         // the terminal flags VFS last heard (TerminalFlags)

        // Its end, and what its children used.
        public int Status;                  // a zombie's wait status: code << 8, or the signal (| 0x80 for a core)
        public ulong UserTicks;             // a zombie's CPU time, in kernel ticks
        public ulong ResidentPeak;          // the most memory it was seen to map, in bytes
        public ulong ChildTicks;            // of the children it waited for, and theirs
        public ulong ChildResidentPeak;

        // Job control.
        public bool JobStopped;
        public int StopSignal;
        public ChildReport Report;

        // The call PM holds.
        public HeldCall Held;
        public long Answer;
        public WaitRequest Wait;
        public ulong RemainingAddress;      // nanosleep's rem
        public ulong SignalWaitSet;         // rt_sigtimedwait's set
        public ulong SignalInfoAddress;     // and where its siginfo goes
        public int VforkParent;             // the record of a vfork parent held until this one execs or ends, or -1
        public FutexWait Futex;             // while Held is Futex
        public ulong RobustList;            // set_robust_list's head, 0 for none

        // Signals.
        public ulong Mask;
        public ulong SavedMask;             // rt_sigsuspend's, while Held is Suspend
        public SignalStack AltStack;
        public bool KernelStopped;          // PM has it stopped in the kernel (RUNCTL)
        public bool AwaitingKernel;         // PM goes on with its signals when the kernel says: its call is answered, or its fault reported
        public bool Faulted;                // what PM waits for is the report of its fault
        public bool UnpauseSent;            // VFS was asked to end the call a server holds
        public ulong AlarmInterval;         // ITIMER_REAL's interval, in nanoseconds (0: one shot)

        public readonly bool IsAlive => Phase == ProcessPhase.Alive;
    }

    internal static class PosixProcesses
    {
        // As many as the kernel has slots (a live process holds one; a zombie's record outlives
        // its slot): the kernel's slots, not PM's table, bound how many processes live at once.
        public const int MaxProcesses = Endpoint.Slots;
        public const int InitPid = 1;
        public const int PidMax = 32768;        // Linux's default pid_max; pids wrap to ReservedPids
        private const int ReservedPids = 300;
        public const int None = -1;

        private static readonly PosixProcess[] s_table = new PosixProcess[MaxProcesses];
        private static readonly short[] s_recordOfSlot = NewSlotMap();
        private static int s_lastPid;
        // One past the highest record in use: records are taken lowest first, so the walks over
        // the table (a fork's pid, an exit's children, a wait's) cover the few records a system
        // uses instead of all MaxProcesses.
        private static int s_end;

        public static ref PosixProcess At(int record) => ref s_table[record];

        // The records to walk: every one from here on is free.
        public static int Count => s_end;

        // The record of the live process at `endpoint`, or None.
        public static int OfEndpoint(int endpoint)
        {
            if (endpoint < 0) return None;
            int record = s_recordOfSlot[Endpoint.SlotOf(endpoint) % Endpoint.Slots];
            return record >= 0 && s_table[record].IsAlive && s_table[record].Endpoint == endpoint ? record : None;
        }

        // The record of the process with `pid`, live or a zombie, or None.
        // The live process a call names by pid, 0 naming the caller (`record`); None when no live
        // process has it (the call's ESRCH).
        public static int LiveNamed(int record, long pid)
        {
            int named = pid == 0 ? record : pid < 0 || pid > int.MaxValue ? None : OfPid((int)pid);
            return named != None && s_table[named].IsAlive ? named : None;
        }

        public static int OfPid(int pid)
        {
            if (pid <= 0) return None;
            for (int record = 0; record < s_end; record++)
                if (s_table[record].Phase != ProcessPhase.Free && s_table[record].Pid == pid) return record;
            return None;
        }

        public static int LiveCount()
        {
            int count = 0;
            foreach (ref readonly PosixProcess process in s_table.AsSpan(0, s_end))
                if (process.IsAlive) count++;
            return count;
        }

        // The processes whose real uid is `uid` (RLIMIT_NPROC).
        public static int CountOfUser(uint uid)
        {
            int count = 0;
            foreach (ref readonly PosixProcess process in s_table.AsSpan(0, s_end))
                if (process.Phase != ProcessPhase.Free && process.Ids.Ruid == uid) count++;
            return count;
        }

        // A new live process at `endpoint` with the next free pid: its record, or None when the
        // table is full. Everything else is the caller's to fill in.
        public static int Add(int endpoint)
        {
            int record = FreeRecord();
            if (record == None) return None;
            ref PosixProcess process = ref s_table[record];
            process = default;
            process.Phase = ProcessPhase.Alive;
            process.Pid = NextPid();
            process.Endpoint = endpoint;
            process.VforkParent = None;
            process.ExitSignal = LinuxSignals.SIGCHLD;
            s_recordOfSlot[Endpoint.SlotOf(endpoint)] = (short)record;
            if (record >= s_end) s_end = record + 1;
            return record;
        }

        public static bool HasFreeRecord() => FreeRecord() != None;

        // The process ended: its slot is no longer its (the kernel may give it to another).
        public static void BecomeZombie(int record)
        {
            ref PosixProcess process = ref s_table[record];
            int slot = Endpoint.SlotOf(process.Endpoint);
            if (s_recordOfSlot[slot] == record) s_recordOfSlot[slot] = -1;
            process.Phase = ProcessPhase.Zombie;
        }

        // A zombie reaped, or a process gone without one.
        public static void Release(int record)
        {
            ref PosixProcess process = ref s_table[record];
            int slot = Endpoint.SlotOf(process.Endpoint);
            if (process.IsAlive && s_recordOfSlot[slot] == record) s_recordOfSlot[slot] = -1;
            process.Phase = ProcessPhase.Free;
            while (s_end > 0 && s_table[s_end - 1].Phase == ProcessPhase.Free) s_end--;
        }

        private static int FreeRecord()
        {
            for (int record = 0; record < s_table.Length; record++)
                if (s_table[record].Phase == ProcessPhase.Free) return record;
            return None;
        }

        // Linux's alloc_pid: the next number after the last, wrapping past pid_max, that no
        // process, process group or session uses.
        private static int NextPid()
        {
            while (true)
            {
                s_lastPid = s_lastPid >= PidMax - 1 ? ReservedPids : s_lastPid + 1;
                if (!InUse(s_lastPid)) return s_lastPid;
            }
        }

        private static bool InUse(int pid)
        {
            foreach (ref readonly PosixProcess process in s_table.AsSpan(0, s_end))
                if (process.Phase != ProcessPhase.Free && (process.Pid == pid || process.ProcessGroup == pid || process.Session == pid)) return true;
            return false;
        }

        private static short[] NewSlotMap()
        {
            var map = new short[Endpoint.Slots];
            for (int i = 0; i < map.Length; i++) map[i] = -1;
            return map;
        }
    }
}
