using System.Runtime;
using System.Threading;
using Lunix.Arch.X86;
using Lunix.Arch.X86.Interrupts;
using Lunix.Arch.X86.Memory;
using Lunix.Kernel.Boot;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;
using Lunix.Kernel.Time;

namespace Lunix.Kernel.Smp
{
    // A processor other than the boot one, from the trampoline's jump into C# (Boot/smp.S):
    // it sets itself up as the boot processor did (per-CPU area, GDT and TSS, IDT, SMEP/SMAP,
    // PAT, syscall MSRs, local APIC and its timer), proves its timer ticks and says it is
    // online; once the boot processor runs the first process it schedules its own queues.
    internal static unsafe class ApplicationProcessor
    {
        private static uint s_schedulingStarted;

        // The boot processor is done booting and is about to run the first process.
        public static void StartScheduling() => Volatile.Write(ref s_schedulingStarted, 1u);

        public const int StackSize = 64 * 1024;

        // The stack of the processor being started (16-byte aligned at the top, as calls need).
        internal static ulong StackBottom, StackTop;

        [RuntimeExport("lunix_ap_main")]
        private static void Main(uint index)
        {
            CpuLocal.Initialize(index, StackBottom, StackTop);
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
            while (Volatile.Read(ref s_schedulingStarted) == 0)
            {
                Cpu.WaitForInterrupt();
                Cpu.DisableInterrupts();
            }
            KernelAddressSpace.Switch(KernelAddressSpace.Kernel);  // this processor's record of its tables
            KernelLock.Acquire(ref cpu, null);
            TrapFrame* first = Scheduler.PickNext(ref cpu);
            KernelLock.Release();
            Cpu.Resume(first);
        }
    }
}
