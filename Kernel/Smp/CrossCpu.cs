using System.Threading;
using Lunix.Arch.X86;
using Lunix.Arch.X86.Interrupts;
using Lunix.Kernel.Memory;

namespace Lunix.Kernel.Smp
{
    // What the processor holding the kernel lock asks of another, and waits for: to let go of a
    // process it runs (so that the holder may stop it, change it or end it: MINIX's
    // smp_schedule_stop_proc), or to reload page tables the holder changed (a TLB shootdown).
    // The request is a word in the other's per-CPU area and a Reschedule IPI; the other answers
    // without the lock (it may be waiting for it), touching only its own area, and clears the word.
    public static unsafe class CrossCpu
    {
        private const ulong SyscallLength = 2;          // `syscall` is 0F 05

        // Returns once no other processor runs `slot`: its registers are in its frame and no
        // processor has its tables loaded. (A processor's CurrentProcess changes only under the
        // lock, or to -1 when it answers this.)
        public static void Evict(int slot)
        {
            uint self = CpuLocal.Current.CpuId;
            for (int i = 0; i < CpuLocal.Count; i++)
            {
                ref PerCpu other = ref CpuLocal.Of(i);
                if (i != self && other.CurrentProcess == slot) Ask(ref other, ref other.EvictSlot, (uint)slot + 1);
            }
        }

        // The tables at `root` changed: returns once every other processor that has them in CR3
        // has reloaded it (the changed translations are gone from its TLB).
        public static void Shootdown(ulong root)
        {
            uint self = CpuLocal.Current.CpuId;
            for (int i = 0; i < CpuLocal.Count; i++)
            {
                ref PerCpu other = ref CpuLocal.Of(i);
                if (i != self && Volatile.Read(ref other.ActiveRoot) == root) Ask(ref other, ref other.FlushRequested, 1u);
            }
        }

        // One request: its word in the other's area, the IPI, and the wait for the word to clear.
        private static void Ask(ref PerCpu other, ref uint request, uint value)
        {
            Volatile.Write(ref request, value);
            LocalApic.SendTo(other.ApicId, Vectors.Reschedule);
            while (Volatile.Read(ref request) != 0) Cpu.Pause();
        }

        // On the processor asked, at a trap's entry and while it waits for the lock. `frame`:
        // the trap in flight of the process it runs, or null.
        public static void Answer(ref PerCpu cpu, TrapFrame* frame)
        {
            if (Volatile.Read(ref cpu.FlushRequested) != 0)
            {
                Cpu.WriteCr3(cpu.ActiveRoot);
                Volatile.Write(ref cpu.FlushRequested, 0u);
            }
            uint evict = Volatile.Read(ref cpu.EvictSlot);
            if (evict == 0) return;
            if (cpu.CurrentProcess == (int)evict - 1)
            {
                // A system call in flight is made again when the process runs next (RAX still
                // holds its number); an exception in flight comes again by itself.
                if (frame != null && frame->Vector == SyscallEntry.Vector) frame->Rip -= SyscallLength;
                cpu.CurrentProcess = -1;
                KernelAddressSpace.Switch(KernelAddressSpace.Kernel);
            }
            Volatile.Write(ref cpu.EvictSlot, 0u);
        }
    }
}
