using System.Runtime.CompilerServices;
using Lunix.Arch.X86;
using Lunix.Kernel.Console;
using Lunix.Arch.X86.Interrupts;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Smp;

namespace Lunix.Kernel.Process
{
    // Preemptive scheduling with priority queues and quanta: the runnable processes of each
    // priority wait in a FIFO; the timer takes a tick of the running process's quantum and, when
    // it is used up, moves the process to the back of its queue. Each processor has its queues,
    // reached from its per-CPU area, and each process joins one processor's (Process.Cpu): the
    // services and drivers the boot processor's, a forked Linux program the least loaded of the
    // others' (Place). Making a process runnable on another processor sends that one a
    // Reschedule IPI; taking one off that another processor runs makes that one let go first
    // (CrossCpu.Evict). When nothing is runnable the CPU gives the kernel lock back and halts
    // until an interrupt.
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

        private static readonly RunQueues[] s_queues = new RunQueues[CpuLocal.MaxCpus];
        private static readonly int[] s_placed = new int[CpuLocal.MaxCpus];      // Linux programs Place put on each
        private static int s_nextPlace;                                             // where Place looks first, minus 1

        // Every processor's queues, once the processors are started.
        public static void Initialize()
        {
            for (int cpu = 0; cpu < CpuLocal.Count; cpu++)
            {
                ref RunQueues queues = ref s_queues[cpu];
                for (int p = 0; p < Priorities; p++) queues.Head[p] = queues.Tail[p] = -1;
                fixed (RunQueues* q = &s_queues[cpu]) CpuLocal.Of(cpu).Scheduling = q;
            }
        }

        // The queues of the process's processor: this one's (`cpu`, the usual case) or another's.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static RunQueues* QueuesOf(ref PerCpu cpu, in Process process) =>
            (RunQueues*)(process.Cpu == (int)cpu.CpuId ? cpu.Scheduling : CpuLocal.Of(process.Cpu).Scheduling);

        public static void MakeRunnable(int slot)
        {
            ref PerCpu cpu = ref CpuLocal.Current;
            ref Process process = ref ProcessTable.Slot(slot);
            Enqueue(QueuesOf(ref cpu, in process), slot, ref process);
            if (process.Cpu != (int)cpu.CpuId) LocalApic.SendTo(CpuLocal.Of(process.Cpu).ApicId, Vectors.Reschedule);
        }

        // The processors online, as an affinity mask.
        public static ulong OnlineMask => CpuLocal.Count >= 64 ? ulong.MaxValue : (1UL << CpuLocal.Count) - 1;

        // The processors a process may run on: its affinity's online ones.
        public static ulong Allowed(in Process process) => (process.Affinity == 0 ? ulong.MaxValue : process.Affinity) & OnlineMask;

        // The processor a Linux program joins, among those `allowed` (some online): the one,
        // other than the boot processor (which the services keep busy) unless only it is
        // allowed, with the fewest Linux programs placed on it, ties going round (so that
        // short-lived programs forked one after another do not all land on one).
        public static int Place(ulong allowed)
        {
            int others = CpuLocal.Count - 1, best = -1;
            for (int i = 0; i < others; i++)
            {
                int cpu = 1 + (s_nextPlace + i) % others;
                if ((allowed & (1UL << cpu)) != 0 && (best < 0 || s_placed[cpu] < s_placed[best])) best = cpu;
            }
            if (best < 0) best = 0;
            else s_nextPlace = best % others;       // the one after it, counted from 1
            s_placed[best]++;
            return best;
        }

        // The process ended: it no longer counts toward its processor's load.
        public static void Forget(in Process process)
        {
            if (process.Posix && s_placed[process.Cpu] > 0) s_placed[process.Cpu]--;
        }

        // A Linux program's affinity left its processor out: it joins another's queues (let go
        // by the processor that runs it first), as a fork would place it.
        public static void Move(int slot)
        {
            ref Process process = ref ProcessTable.Slot(slot);
            bool queued = process.State == ProcessState.Runnable;
            if (queued) Remove(slot);
            Forget(in process);
            process.Cpu = Place(Allowed(in process));
            if (queued) MakeRunnable(slot);
        }

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
            Dequeue(slot, ref process);
            process.State = ProcessState.Blocked;
        }

        // An IPC fast path's switch of roles: the running process `blocked` waits, `woken` (blocked
        // until now) may run, and the most urgent runnable process (usually `woken`) becomes the
        // CPU's. Block, MakeRunnable and PickNext with one look-up of the queues; returns the frame
        // to resume.
        public static TrapFrame* Handoff(ref PerCpu cpu, int blocked, int woken)
        {
            ref Process to = ref ProcessTable.Slot(woken);
            if (to.Cpu != (int)cpu.CpuId)
            {
                Block(blocked);
                MakeRunnable(woken);
                return PickNext(ref cpu);
            }
            RunQueues* q = (RunQueues*)cpu.Scheduling;
            ref Process from = ref ProcessTable.Slot(blocked);
            Dequeue(q, blocked, ref from);
            from.State = ProcessState.Blocked;
            Enqueue(q, woken, ref to);
            return Switch(ref cpu, q->Head[BitScan.Lowest(q->NonEmpty)]);  // `woken` is queued: never empty
        }

        // Takes the process out of the run queues (it blocked, stopped or exited).
        public static void Remove(int slot) => Dequeue(slot, ref ProcessTable.Slot(slot));

        // Off its processor's queues, and off the processor that runs it if that is another.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Dequeue(int slot, ref Process process)
        {
            ref PerCpu cpu = ref CpuLocal.Current;
            if (cpu.OthersOnline != 0) CrossCpu.Evict(slot);
            Dequeue(QueuesOf(ref cpu, in process), slot, ref process);
        }

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

        // The ticks that found a POSIX process or a service running (GETINFO CpuTicks, /proc/stat),
        // on any processor: the rest of the processors' ticks found them idle.
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
                Idle(ref cpu);
            }
        }

        // Nothing to run: halt until an interrupt (a tick, an IRQ, a Reschedule IPI). With other
        // processors the lock is given back meanwhile, and the kernel's tables loaded, so that
        // the last process's space may be destroyed while this one sleeps.
        private static void Idle(ref PerCpu cpu)
        {
            cpu.CurrentProcess = -1;
            SystemConsole.Flush();                          // the screen catches up while nothing else runs
            bool shared = cpu.OthersOnline != 0;
            if (shared)
            {
                if (cpu.ActiveRoot != KernelAddressSpace.Kernel.Root) KernelAddressSpace.Switch(KernelAddressSpace.Kernel);
                KernelLock.Release();
            }
            Cpu.WaitForInterrupt();                         // sti; hlt
            Cpu.DisableInterrupts();
            cpu.IdleHalts++;
            if (shared) KernelLock.Acquire(ref cpu, null);
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
