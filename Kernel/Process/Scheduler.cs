using Lunix.Arch.X86;
using Lunix.Kernel.Memory;

namespace Lunix.Kernel.Process
{
    // Preemptive scheduling with priority queues and quanta: the runnable processes of each
    // priority wait in a FIFO; the timer takes a tick of the running process's quantum and, when
    // it is used up, moves the process to the back of its queue. The queues are this CPU's,
    // reached from its per-CPU area. When nothing is runnable the CPU halts until an interrupt.
    public static unsafe class Scheduler
    {
        public const int Priorities = 16;
        public const int QuantumTicks = 5;

        private struct RunQueues
        {
            public fixed int Head[Priorities];
            public fixed int Tail[Priorities];
        }

        private static readonly RunQueues[] s_queues = new RunQueues[1];

        public static void Initialize()
        {
            ref RunQueues queues = ref s_queues[0];
            for (int p = 0; p < Priorities; p++) queues.Head[p] = queues.Tail[p] = -1;
            fixed (RunQueues* q = s_queues) CpuLocal.Current.Scheduling = q;
        }

        private static RunQueues* Queues => (RunQueues*)CpuLocal.Current.Scheduling;

        public static void MakeRunnable(int slot)
        {
            ref Process process = ref ProcessTable.Slot(slot);
            process.State = ProcessState.Runnable;
            process.TicksLeft = QuantumTicks;
            process.NextRunnable = -1;
            RunQueues* q = Queues;
            int p = process.Priority;
            if (q->Tail[p] < 0) q->Head[p] = slot;
            else ProcessTable.Slot(q->Tail[p]).NextRunnable = slot;
            q->Tail[p] = slot;
        }

        // The process waits (in IPC) and leaves the run queues until MakeRunnable.
        public static void Block(int slot)
        {
            Remove(slot);
            ProcessTable.Slot(slot).State = ProcessState.Blocked;
        }

        // Takes the process out of the run queues (it blocked, stopped or exited).
        public static void Remove(int slot)
        {
            RunQueues* q = Queues;
            int p = ProcessTable.Slot(slot).Priority;
            int previous = -1;
            for (int current = q->Head[p]; current >= 0; previous = current, current = ProcessTable.Slot(current).NextRunnable)
            {
                if (current != slot) continue;
                int next = ProcessTable.Slot(current).NextRunnable;
                if (previous < 0) q->Head[p] = next; else ProcessTable.Slot(previous).NextRunnable = next;
                if (q->Tail[p] == slot) q->Tail[p] = previous;
                return;
            }
        }

        // A timer tick while `slot` ran: rotate it when its quantum is used up.
        public static void Tick(int slot)
        {
            ref Process process = ref ProcessTable.Slot(slot);
            if (process.State != ProcessState.Runnable || --process.TicksLeft > 0) return;
            Remove(slot);
            MakeRunnable(slot);
        }

        // The frame to resume: the first runnable process of the most urgent priority, whose
        // address space and kernel entry stack become the CPU's. Halts while nothing is runnable.
        public static TrapFrame* PickNext()
        {
            while (true)
            {
                RunQueues* q = Queues;
                for (int p = 0; p < Priorities; p++)
                {
                    int slot = q->Head[p];
                    if (slot >= 0) return Switch(slot);
                }
                ref PerCpu cpu = ref CpuLocal.Current;
                cpu.CurrentProcess = -1;
                Cpu.WaitForInterrupt();                     // sti; hlt: a tick or an IRQ wakes us
                Cpu.DisableInterrupts();
                cpu.IdleHalts++;
            }
        }

        private static TrapFrame* Switch(int slot)
        {
            ref PerCpu cpu = ref CpuLocal.Current;
            ref Process process = ref ProcessTable.Slot(slot);
            if (cpu.CurrentProcess != slot) KernelAddressSpace.Switch(process.Space);
            cpu.CurrentProcess = slot;
            cpu.UserFrameTop = ProcessTable.FrameTop(slot);
            Gdt.Tss.Rsp0 = cpu.UserFrameTop;
            return ProcessTable.FrameOf(slot);
        }
    }
}
