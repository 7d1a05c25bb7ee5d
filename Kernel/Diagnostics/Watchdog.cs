using System;
using Lunix.Arch.X86;
using Lunix.Arch.X86.Interrupts;
using Lunix.Kernel.Boot;
using Lunix.Kernel.Console;
using Lunix.Kernel.Interrupts;
using Lunix.Kernel.Time;

namespace Lunix.Kernel.Diagnostics
{
    // The NMI watchdog (MINIX 3's): with `watchdog=N`, a CPU that stays in the kernel with
    // interrupts off for N seconds (its timer ticks stop) is caught by non-maskable interrupts and
    // the kernel panics with a report of where it was stuck. The NMIs come from the cycle counter
    // (CycleCounterNmi) where the CPU has one, else from the PIT, free once the local APIC timer is
    // calibrated, routed through the I/O APIC as an NMI to the boot CPU. The rule itself is
    // LockupWatch's. Each NMI costs a TSC read and a few compares; nothing is allocated or locked.
    public static unsafe class Watchdog
    {
        public const int MaxSeconds = 60;
        private const uint PitNmiHz = 20;           // the check's resolution: 50 ms
        private const ulong CycleChecksPerSecond = 4;
        private const ulong InterruptFlag = 1 << 9;

        private enum Source { None, CycleCounter, Pit }

        private static Source s_source;
        private static bool s_watching;
        private static ulong s_limitTsc;

        // Whether NMIs are the watchdog's (any other NMI is a hardware event, reported as a crash).
        public static bool HasSource => s_source != Source.None;

        // After the timer and the TSC are calibrated: picks the source, says so on the console.
        public static void Start(int seconds)
        {
            if (seconds <= 0) return;
            s_limitTsc = (ulong)seconds * Clock.TscPerSecond;
            if (CycleCounterNmi.TryStart(Clock.TscPerSecond / CycleChecksPerSecond, out string noCounter))
            {
                s_source = Source.CycleCounter;
                s_watching = true;
                SystemConsole.Print("lunix: watchdog: on, %d s, NMIs from performance counter 0 every %lu unhalted cycles\n",
                    seconds, CycleCounterNmi.Period);
                return;
            }
            // The source is set before the route: the firmware may have left the PIT running, and
            // its first NMI must not be taken for a stray one.
            s_source = Source.Pit;
            s_watching = true;
            if (!IrqLines.TryRouteAsNmi(0, out uint gsi))
            {
                s_source = Source.None;
                s_watching = false;
                SystemConsole.Print("lunix: watchdog: unavailable: %s, and no I/O APIC to route the PIT as an NMI%s\n",
                    noCounter, KernelOptions.NoApic ? " (noapic)" : "");
                return;
            }
            Pit.StartPeriodic(PitNmiHz);
            SystemConsole.Print("lunix: watchdog: on, %d s, NMIs from the PIT at %u Hz through the I/O APIC (GSI %u; %s)\n",
                seconds, PitNmiHz, gsi, noCounter);
        }

        // The machine is stopping on purpose (power-off, restart, halt): its waits with interrupts
        // off are no lockup.
        public static void Stop() => s_watching = false;

        // Where the kernel legitimately spends long with interrupts off (polled serial output, a
        // batch of screen drawing): that time is no lockup. MINIX's touch, Linux's touch_nmi_watchdog.
        public static void Touch()
        {
            if (s_watching) CpuLocal.Current.Watchdog.Touch(Cpu.ReadTsc());
        }

        // Every NMI while there is a source (NmiDispatch). A crash report in progress on this CPU
        // is left to finish: it runs with interrupts off for as long as it prints.
        public static void Check(TrapFrame* frame)
        {
            if (s_source == Source.CycleCounter) CycleCounterNmi.Rearm();
            ref PerCpu cpu = ref CpuLocal.Current;
            if (!s_watching || cpu.CrashDepth > 0) return;
            ulong now = Cpu.ReadTsc();
            bool interruptsOn = (frame->Rflags & InterruptFlag) != 0 || frame->FromUserMode;
            if (cpu.Watchdog.Observe(cpu.Ticks, interruptsOn, now, s_limitTsc) == LockupVerdict.Stuck)
                Report(ref cpu, frame, now);
        }

        private static void Report(ref PerCpu cpu, TrapFrame* frame, ulong now)
        {
            s_watching = false;
            ulong micros = Clock.TscToMicroseconds(cpu.Watchdog.StuckTsc(now));
            Span<char> what = stackalloc char[200];
            int length = Printf.Format(what, "CPU %u stuck in the kernel with interrupts off for %lu.%03lu s (timer ticks stopped at %lu, %u NMIs since)",
                cpu.CpuId, micros / 1000000, micros / 1000 % 1000, cpu.Ticks, cpu.Watchdog.NmisSinceProgress);
            CrashReport.Print(frame, "watchdog: ", what.Slice(0, length));
        }
    }
}
