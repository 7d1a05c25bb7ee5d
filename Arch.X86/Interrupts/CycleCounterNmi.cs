namespace Lunix.Arch.X86.Interrupts
{
    // The NMI watchdog's source on real Intel CPUs (MINIX's and Linux's): architectural
    // performance counter 0 (CPUID leaf 0xA) counts unhalted core cycles and, on overflowing
    // after a set number, raises an NMI through the local APIC's performance-counter entry. A
    // halted CPU counts no cycles and gets no NMIs, which is right: it is not stuck. AMD's
    // counters and QEMU's TCG (no PMU at all) do not have leaf 0xA; the watchdog then uses the PIT.
    public static class CycleCounterNmi
    {
        private const uint EventSelect0 = 0x186, Counter0 = 0xC1, GlobalControl = 0x38F, GlobalOverflowControl = 0x390;
        private const ulong UnhaltedCoreCycles = 0x3C, CountRing3 = 1 << 16, CountRing0 = 1 << 17, InterruptOnOverflow = 1 << 20, Enable = 1 << 22;
        // Writes to the counter through its legacy MSR set only bits 0-31, sign-extended: a
        // period must fit in 31 bits.
        private const ulong LongestPeriod = 0x7FFFFFFF;

        private static ulong s_period;
        private static uint s_version;

        // Starts the counter, an NMI every `cycles` unhalted cycles (at most 2^31 - 1); false
        // with the reason when this CPU cannot.
        public static bool TryStart(ulong cycles, out string whyNot)
        {
            whyNot = null;
            if (!LocalApic.IsEnabled) { whyNot = "no local APIC"; return false; }
            if (Cpu.CpuId(0).Eax < 0xA) { whyNot = "no architectural performance counters (CPUID leaf 0xA)"; return false; }
            Cpu.CpuIdResult leaf = Cpu.CpuId(0xA);
            uint version = leaf.Eax & 0xFF, counters = (leaf.Eax >> 8) & 0xFF, events = (leaf.Eax >> 24) & 0xFF;
            if (version == 0 || counters == 0) { whyNot = "no architectural performance counters (CPUID leaf 0xA)"; return false; }
            if (events == 0 || (leaf.Ebx & 1) != 0) { whyNot = "no unhalted-core-cycles event"; return false; }

            s_version = version;
            s_period = cycles < 1 ? 1 : cycles > LongestPeriod ? LongestPeriod : cycles;
            Cpu.WriteMsr(EventSelect0, 0);
            Rearm();
            if (version >= 2) Cpu.WriteMsr(GlobalControl, Cpu.ReadMsr(GlobalControl) | 1);
            Cpu.WriteMsr(EventSelect0, UnhaltedCoreCycles | CountRing3 | CountRing0 | InterruptOnOverflow | Enable);
            return true;
        }

        // At each NMI: the next period from now, the overflow flag cleared, the LVT entry unmasked.
        public static void Rearm()
        {
            Cpu.WriteMsr(Counter0, (ulong)-(long)s_period);
            if (s_version >= 2) Cpu.WriteMsr(GlobalOverflowControl, 1);
            LocalApic.RoutePerformanceCounterAsNmi();
        }

        public static ulong Period => s_period;
    }
}
