using System.Runtime;
using System.Threading;
using Lunix.Arch.X86;
using Lunix.Arch.X86.Interrupts;
using Lunix.Arch.X86.Memory;
using Lunix.Kernel.Boot;
using Lunix.Kernel.Time;

namespace Lunix.Kernel.Smp
{
    // A processor other than the boot one, from the trampoline's jump into C# (Boot/smp.S):
    // it sets itself up as the boot processor did (per-CPU area, GDT and TSS, IDT, SMEP/SMAP,
    // PAT, syscall MSRs, local APIC and its timer), proves its timer ticks, says it is online
    // and idles, halted with interrupts on.
    internal static class ApplicationProcessor
    {
        public const int StackSize = 64 * 1024;

        // The stack's low end for the processor being started (the trampoline passes the top).
        internal static ulong StackBottom;

        [RuntimeExport("lunix_ap_main")]
        private static void Main(uint index)
        {
            CpuLocal.Initialize(index, StackBottom, StackBottom + StackSize);
            Gdt.Install();
            Idt.Load();
            UserAccess.EnableHardwareProtection();
            PageAttributeTable.Program();
            SyscallEntry.Initialize();
            ref PerCpu cpu = ref CpuLocal.Current;
            LocalApic.EnableThisCpu();
            cpu.ApicId = LocalApic.Id;
            LocalApic.StartCalibratedTimer(KernelOptions.TimerHz);
            // Online once its timer is seen to tick: a processor without one would never
            // take part in scheduling.
            ulong deadline = Cpu.ReadTsc() + Clock.TscPerSecond / 2;
            while (cpu.Ticks == 0 && Cpu.ReadTsc() < deadline) Cpu.WaitForInterrupt();
            Cpu.DisableInterrupts();
            if (cpu.Ticks == 0) Cpu.HaltForever();
            Volatile.Write(ref cpu.Online, 1u);
            while (true)
            {
                cpu.IdleHalts++;
                Cpu.WaitForInterrupt();
            }
        }
    }
}
