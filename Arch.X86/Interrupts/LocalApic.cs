using Lunix.Arch.X86.Memory;

namespace Lunix.Arch.X86.Interrupts
{
    // The local APIC: this CPU's interrupt controller and its periodic timer.
    public static unsafe class LocalApic
    {
        private const uint RegisterId = 0x20, Eoi = 0xB0, SpuriousVector = 0xF0;
        private const uint LvtTimer = 0x320, TimerInitial = 0x380, TimerCurrent = 0x390, TimerDivide = 0x3E0;
        private const uint TimerPeriodic = 1 << 17, Masked = 1 << 16;

        private static byte* s_base;

        public static bool IsEnabled => s_base != null;
        public static uint TicksPerSecond { get; private set; }

        public static void Enable(ulong physicalBase)
        {
            s_base = DirectMap.ToVirtual(physicalBase);
            // Software-enable with the spurious vector; IA32_APIC_BASE already has it globally on.
            Write(SpuriousVector, Vectors.Spurious | 0x100);
        }

        public static uint Id => Read(RegisterId) >> 24;

        // Counts the timer's ticks across a known PIT interval, then starts it periodically.
        public static void StartTimer(uint hz, out ulong tscPerSecond)
        {
            Write(TimerDivide, 0x3);                    // divide by 16
            Write(LvtTimer, Masked | Vectors.LocalApicTimer);
            const ushort pitTicks = 5966;               // 5 ms: enough for 0.05% accuracy
            Write(TimerInitial, 0xFFFFFFFF);
            ulong tscBefore = Cpu.ReadTsc();
            Pit.Wait(pitTicks);
            uint elapsed = 0xFFFFFFFF - Read(TimerCurrent);
            ulong tscElapsed = Cpu.ReadTsc() - tscBefore;
            Write(TimerInitial, 0);
            TicksPerSecond = (uint)((ulong)elapsed * Pit.Frequency / pitTicks);
            tscPerSecond = tscElapsed * Pit.Frequency / pitTicks;
            uint initial = TicksPerSecond / hz;
            Write(LvtTimer, TimerPeriodic | Vectors.LocalApicTimer);
            Write(TimerInitial, initial == 0 ? 1 : initial);
        }

        public static void EndOfInterrupt() => Write(Eoi, 0);

        private static uint Read(uint register) => System.Threading.Volatile.Read(ref *(uint*)(s_base + register));
        private static void Write(uint register, uint value) => System.Threading.Volatile.Write(ref *(uint*)(s_base + register), value);
    }
}
