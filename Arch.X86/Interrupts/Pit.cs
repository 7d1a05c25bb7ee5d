namespace Lunix.Arch.X86.Interrupts
{
    // The 8254 programmable interval timer (1.193182 MHz): the reference the other clocks are
    // calibrated against, and the periodic tick when there is no local APIC.
    public static class Pit
    {
        public const uint Frequency = 1193182;
        private const ushort Channel0 = 0x40, Channel2 = 0x42, Command = 0x43, Gate = 0x61;

        public static void StartPeriodic(uint hz)
        {
            uint divisor = Frequency / hz;
            Cpu.Out8(Command, 0x34);                    // channel 0, lo/hi, rate generator
            Cpu.Out8(Channel0, (byte)divisor);
            Cpu.Out8(Channel0, (byte)(divisor >> 8));
        }

        // Busy-waits for the given number of PIT ticks on channel 2 (whose output can be polled
        // without an interrupt). The caller measures another clock across the call.
        public static void Wait(ushort ticks)
        {
            Cpu.Out8(Gate, (byte)((Cpu.In8(Gate) & 0xFC) | 1));   // gate on, speaker off
            Cpu.Out8(Command, 0xB0);                    // channel 2, lo/hi, one-shot
            Cpu.Out8(Channel2, (byte)ticks);
            Cpu.Out8(Channel2, (byte)(ticks >> 8));
            // Restart the count by toggling the gate, then wait for OUT2 to go high.
            byte gate = Cpu.In8(Gate);
            Cpu.Out8(Gate, (byte)(gate & 0xFE));
            Cpu.Out8(Gate, (byte)(gate | 1));
            while ((Cpu.In8(Gate) & 0x20) == 0) { }
        }
    }
}
