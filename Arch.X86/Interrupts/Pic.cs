namespace Lunix.Arch.X86.Interrupts
{
    // The legacy 8259 pair: remapped away from the exception vectors, then either masked
    // (the I/O APIC takes over) or left to deliver the PIT's IRQ 0 when there is no APIC.
    public static class Pic
    {
        private const ushort MasterCommand = 0x20, MasterData = 0x21, SlaveCommand = 0xA0, SlaveData = 0xA1;

        public static void RemapAndMaskAll()
        {
            Cpu.Out8(MasterCommand, 0x11);              // ICW1: initialise, ICW4 follows
            Cpu.Out8(SlaveCommand, 0x11);
            Cpu.Out8(MasterData, Vectors.FirstIrq);      // ICW2: vector offsets
            Cpu.Out8(SlaveData, Vectors.FirstIrq + 8);
            Cpu.Out8(MasterData, 4);                     // ICW3: slave on IRQ 2
            Cpu.Out8(SlaveData, 2);
            Cpu.Out8(MasterData, 1);                     // ICW4: 8086 mode
            Cpu.Out8(SlaveData, 1);
            Cpu.Out8(MasterData, 0xFF);
            Cpu.Out8(SlaveData, 0xFF);
        }

        public static void Unmask(int irq)
        {
            ushort port = irq < 8 ? MasterData : SlaveData;
            Cpu.Out8(port, (byte)(Cpu.In8(port) & ~(1 << (irq & 7))));
            if (irq >= 8) Unmask(2);
        }

        public static void Mask(int irq)
        {
            ushort port = irq < 8 ? MasterData : SlaveData;
            Cpu.Out8(port, (byte)(Cpu.In8(port) | (1 << (irq & 7))));
        }

        public static void EndOfInterrupt(int irq)
        {
            if (irq >= 8) Cpu.Out8(SlaveCommand, 0x20);
            Cpu.Out8(MasterCommand, 0x20);
        }
    }
}
