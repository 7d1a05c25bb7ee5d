using System.Runtime.CompilerServices;
using Lunix.Arch.X86;
using Lunix.Kernel.Console;
using Lunix.Kernel.Memory;

namespace Lunix.Kernel.Process
{
    // Preemptive scheduling with priority queues and quanta: the runnable processes of each
    // priority wait in a FIFO; the timer takes a tick of the running process's quantum and, when
    // it is used up, moves the process to the back of its queue. The queues are this CPU's,
    // reached from its per-CPU area. When nothing is runnable the CPU halts until an interrupt.
    public static unsafe class Scheduler
    {
        public const int Priorities = Abi.ProgramLoadRequest.Priorities;
        public const int QuantumTicks = 5;

        private struct RunQueues
        {
            public fixed int Head[Priorities];
            public fixed int Tail[Priorities];
            public uint NonEmpty;                   // bit p: queue p has a process
        }

        private static readonly RunQueues[] s_queues = new RunQueues[1];

        public static void Initialize()
        {
            ref RunQueues queues = ref s_queues[0];
            for (int p = 0; p < Priorities; p++) queues.Head[p] = queues.Tail[p] = -1;
            fixed (RunQueues* q = s_queues) CpuLocal.Current.Scheduling = q;
        }

        private static RunQueues* Queues => (RunQueues*)CpuLocal.Current.Scheduling;

        public static void MakeRunnable(int slot) => Enqueue(Queues, slot, ref ProcessTable.Slot(slot));

        // At the back of its priority's queue, with a fresh quantum.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Enqueue(RunQueues* q, int slot, ref Process process)
        {
            process.State = ProcessState.Runnable;
            process.TicksLeft = QuantumTicks;
            process.NextRunnable = -1;
            int p = process.Priority;
            if (q->Tail[p] < 0) q->Head[p] = slot;
            else ProcessTable.Slot(q->Tail[p]).NextRunnable = slot;
            q->Tail[p] = slot;
            q->NonEmpty |= 1u << p;
        }

        // The process waits (in IPC) and leaves the run queues until MakeRunnable.
        public static void Block(int slot)
        {
            ref Process process = ref ProcessTable.Slot(slot);
            Dequeue(Queues, slot, ref process);
            process.State = ProcessState.Blocked;
        }

        // An IPC fast path's switch of roles: the running process `blocked` waits, `woken` (blocked
        // until now) may run, and the most urgent runnable process (usually `woken`) becomes the
        // CPU's. Block, MakeRunnable and PickNext with one look-up of the queues; returns the frame
        // to resume.
        public static TrapFrame* Handoff(ref PerCpu cpu, int blocked, int woken)
        {
            RunQueues* q = (RunQueues*)cpu.Scheduling;
            ref Process from = ref ProcessTable.Slot(blocked);
            Dequeue(q, blocked, ref from);
            from.State = ProcessState.Blocked;
            Enqueue(q, woken, ref ProcessTable.Slot(woken));
            return Switch(ref cpu, q->Head[BitScan.Lowest(q->NonEmpty)]);  // `woken` is queued: never empty
        }

        // Takes the process out of the run queues (it blocked, stopped or exited).
        public static void Remove(int slot) => Dequeue(Queues, slot, ref ProcessTable.Slot(slot));

        // Unlinks the process from its priority's queue, if it is there. The usual case, the
        // running process blocking in IPC, is the head and needs no walk.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Dequeue(RunQueues* q, int slot, ref Process process)
        {
            int p = process.Priority;
            int previous = -1;
            if (q->Head[p] != slot)
            {
                previous = PredecessorOf(q->Head[p], slot);
                if (previous < 0) return;               // not queued
            }
            int next = process.NextRunnable;
            if (previous < 0) q->Head[p] = next; else ProcessTable.Slot(previous).NextRunnable = next;
            if (next >= 0) return;
            q->Tail[p] = previous;
            if (previous < 0) q->NonEmpty &= ~(1u << p);    // it was alone
        }

        // The entry before `slot` in the queue starting at `first`, or -1 when it is not there.
        private static int PredecessorOf(int first, int slot)
        {
            for (int current = first; current >= 0; current = ProcessTable.Slot(current).NextRunnable)
                if (ProcessTable.Slot(current).NextRunnable == slot) return current;
            return -1;
        }

        // The ticks that found a POSIX process or a service running (GETINFO CpuTicks, /proc/stat):
        // the rest of the clock's ticks found the CPU idle. One CPU runs processes.
        public static ulong PosixTicks, ServiceTicks;

        // A timer tick while `slot` ran: it is charged the tick (its CPU time), and rotated when
        // its quantum is used up.
        public static void Tick(int slot)
        {
            ref Process process = ref ProcessTable.Slot(slot);
            process.UserTicks++;
            if (process.Posix) PosixTicks++; else ServiceTicks++;
            if (process.State != ProcessState.Runnable || --process.TicksLeft > 0) return;
            Remove(slot);
            MakeRunnable(slot);
        }

        // The frame to resume: the first runnable process of the most urgent priority, whose
        // address space and kernel entry stack become the CPU's. Halts while nothing is runnable.
        public static TrapFrame* PickNext(ref PerCpu cpu)
        {
            while (true)
            {
                RunQueues* q = (RunQueues*)cpu.Scheduling;
                if (q->NonEmpty != 0) return Switch(ref cpu, q->Head[BitScan.Lowest(q->NonEmpty)]);
                cpu.CurrentProcess = -1;
                SystemConsole.Flush();                      // the screen catches up while nothing else runs
                Cpu.WaitForInterrupt();                     // sti; hlt: a tick or an IRQ wakes us
                Cpu.DisableInterrupts();
                cpu.IdleHalts++;
            }
        }

        private static TrapFrame* Switch(ref PerCpu cpu, int slot)
        {
            if (cpu.CurrentProcess != slot)
            {
                ref Process process = ref ProcessTable.Slot(slot);
                KernelAddressSpace.Switch(process.Space);
                cpu.CurrentProcess = slot;
                cpu.UserFrameTop = ProcessTable.FrameTop(slot);
                cpu.TaskState->Rsp0 = cpu.UserFrameTop;
                cpu.UserVectorState = ProcessTable.VectorStateOf(slot);
                // Only Linux programs use it (thread-local storage): the MSR is written when a Linux
                // program's differs from the one loaded. Servers and drivers never read FS (no code
                // of theirs addresses through it), so they keep whatever the last program left, as
                // Linux's kernel threads keep the last user FS: a call to VFS and its answer write
                // the MSR once at most instead of twice.
                if (process.Posix && process.FsBase != cpu.FsBase) LoadFsBase(ref cpu, process.FsBase);
            }
            return ProcessTable.FrameOf(slot);
        }

        private const uint FsBaseMsr = 0xC0000100;

        // The running process's FS base changed (a switch, or its own arch_prctl).
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void LoadFsBase(ref PerCpu cpu, ulong fsBase)
        {
            Cpu.WriteMsr(FsBaseMsr, fsBase);
            cpu.FsBase = fsBase;
        }
    }
}
