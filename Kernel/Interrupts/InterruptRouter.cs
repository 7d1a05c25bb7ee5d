using Lunix.Arch.X86;
using Lunix.Arch.X86.Interrupts;
using Lunix.Kernel.Ipc;

namespace Lunix.Kernel.Interrupts
{
    // Hardware interrupts: the timer tick (local APIC timer, or the PIT on IRQ 0), and the ISA
    // lines drivers attached to (IrqLines), delivered as notifications.
    public static class InterruptRouter
    {
        private static bool s_timerOnPic;

        public static void UsePicTimer() => s_timerOnPic = true;

        public static void Handle(int vector)
        {
            if (vector == Vectors.LocalApicTimer)
            {
                LocalApic.EndOfInterrupt();
                // The boot processor's timer keeps the time, the alarms and the screen; the
                // others' count their own ticks (the trap path charges their process's quantum).
                ref PerCpu cpu = ref CpuLocal.Current;
                if (cpu.CpuId == 0) TimerTick();
                else cpu.Ticks++;
            }
            else if (vector == Vectors.Reschedule)
                LocalApic.EndOfInterrupt();             // what it asks is looked at by the caller
            else if (vector >= Vectors.FirstIrq && vector < Vectors.FirstIrq + Vectors.IrqCount)
            {
                int irq = vector - Vectors.FirstIrq;
                // A driver's line: notify it and keep the line masked until it re-enables it.
                int driver = IrqLines.DriverOf(irq);
                if (driver >= 0)
                {
                    IrqLines.SetEnabled(irq, false);
                    KernelMessages.NotifyFromKernel(driver);
                }
                if (irq == 0 && s_timerOnPic) TimerTick();
                if (LocalApic.IsEnabled && !s_timerOnPic) LocalApic.EndOfInterrupt();
                else Pic.EndOfInterrupt(irq);
            }
        }

        private static void TimerTick()
        {
            CpuLocal.Current.Ticks++;
            Calls.DoSetAlarm.Tick();
            Console.SystemConsole.Tick();
        }
    }
}
