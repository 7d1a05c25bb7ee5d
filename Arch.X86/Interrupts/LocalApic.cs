using Lunix.Arch.X86.Memory;

namespace Lunix.Arch.X86.Interrupts
{
    // The local APIC: this CPU's interrupt controller and its periodic timer.
    public static unsafe class LocalApic
    {
        private const uint RegisterId = 0x20, Eoi = 0xB0, SpuriousVector = 0xF0;
        private const uint LvtTimer = 0x320, TimerInitial = 0x380, TimerCurrent = 0x390, TimerDivide = 0x3E0;
        private const uint TimerPeriodic = 1 << 17, Masked = 1 << 16;
        private const uint CommandLow = 0x300, CommandHigh = 0x310, DeliveryPending = 1 << 12;
        private const uint NmiDelivery = 0x400, InitDelivery = 0x500, StartupDelivery = 0x600, LevelAssert = 1 << 14, AllButSelf = 3 << 18;
        private const uint LvtPerformanceCounter = 0x340, DeliverNmi = 4 << 8;

        private static byte* s_base;

        public static bool IsEnabled => s_base != null;
        public static uint TicksPerSecond { get; private set; }

        public static void Enable(ulong physicalBase)
        {
            s_base = DirectMap.ToVirtual(physicalBase);
            // Software-enable with the spurious vector; IA32_APIC_BASE already has it globally on.
            Write(SpuriousVector, Vectors.Spurious | 0x100);
        }

        // Another processor's own local APIC (the same address on every processor).
        public static void EnableThisCpu() => Write(SpuriousVector, Vectors.Spurious | 0x100);

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

        // Another processor's timer: the boot processor measured the rate (every local APIC
        // of a machine counts the same bus clock), so it only starts.
        public static void StartCalibratedTimer(uint hz)
        {
            uint initial = TicksPerSecond / hz;
            Write(TimerDivide, 0x3);
            Write(LvtTimer, TimerPeriodic | Vectors.LocalApicTimer);
            Write(TimerInitial, initial == 0 ? 1 : initial);
        }

        // The start-up sequence for another processor (Intel SDM 8.4.4): INIT, then STARTUP
        // with the page its trampoline is at; the caller waits in between.
        public static void SendInit(uint apicId) => SendCommand(apicId, InitDelivery | LevelAssert);
        public static void SendStartup(uint apicId, byte page) => SendCommand(apicId, StartupDelivery | LevelAssert | page);

        // A fixed-vector interrupt to one processor.
        public static void SendTo(uint apicId, int vector) => SendCommand(apicId, LevelAssert | (uint)vector);

        // An NMI to every other processor.
        public static void SendNmiToOthers() => SendCommand(0, AllButSelf | LevelAssert | NmiDelivery);

        private static void SendCommand(uint apicId, uint command)
        {
            Write(CommandHigh, apicId << 24);
            Write(CommandLow, command);
            while ((Read(CommandLow) & DeliveryPending) != 0) { }
        }

        public static void EndOfInterrupt() => Write(Eoi, 0);

        // A performance counter's overflow as an NMI (the watchdog's CycleCounterNmi). The CPU
        // masks the entry at every such interrupt, so the handler writes it again each time.
        public static void RoutePerformanceCounterAsNmi() => Write(LvtPerformanceCounter, DeliverNmi);

        private static uint Read(uint register) => System.Threading.Volatile.Read(ref *(uint*)(s_base + register));
        private static void Write(uint register, uint value) => System.Threading.Volatile.Write(ref *(uint*)(s_base + register), value);
    }
}
