using System.Threading;
using Lunix.Arch.X86;

namespace Lunix.Kernel.Smp
{
    // The big kernel lock (MINIX's BKL): one processor at a time runs the kernel's shared state.
    // Taken on every entry that touches it (a trap from ring 3, an interrupt that wakes the
    // idle loop), given back on the way to ring 3 and before halting. A processor waiting for
    // it still answers CrossCpu's requests, since the holder may be waiting for exactly that.
    // With one processor there is nothing to exclude and nothing is done.
    public static unsafe class KernelLock
    {
        private static uint s_word;                     // 1 while held (test-and-set)
        private static uint s_holder;                   // the holder's CpuId + 1, 0 while free

        public static bool IsHeldHere => Volatile.Read(ref s_holder) == CpuLocal.Current.CpuId + 1;

        // frame: the trap in flight on this processor (its process's, from ring 3), or null.
        public static void Acquire(ref PerCpu cpu, TrapFrame* frame)
        {
            if (CpuLocal.Count < 2) return;
            fixed (uint* word = &s_word)
            {
                while (Volatile.Read(ref s_word) != 0 || Cpu.Exchange(word, 1) != 0)
                {
                    CrossCpu.Answer(ref cpu, frame);
                    Cpu.Pause();
                }
            }
            Volatile.Write(ref s_holder, cpu.CpuId + 1);
        }

        public static void Release()
        {
            if (CpuLocal.Count < 2) return;
            Volatile.Write(ref s_holder, 0u);
            Volatile.Write(ref s_word, 0u);
        }
    }
}
