namespace Lunix.Arch.X86
{
    // The 16550 UART on COM1: the first console, and the one the boot tests read.
    public static class Serial
    {
        private const ushort Com1 = 0x3F8;
        private static bool s_present;

        public static void Initialize()
        {
            Cpu.Out8(Com1 + 1, 0x00);       // no interrupts
            Cpu.Out8(Com1 + 3, 0x80);       // DLAB on
            Cpu.Out8(Com1 + 0, 0x01);       // divisor 1: 115200 baud
            Cpu.Out8(Com1 + 1, 0x00);
            Cpu.Out8(Com1 + 3, 0x03);       // 8N1, DLAB off
            Cpu.Out8(Com1 + 2, 0xC7);       // FIFO on, cleared, 14-byte threshold
            Cpu.Out8(Com1 + 4, 0x0B);       // DTR, RTS, OUT2
            // A scratch-register round trip tells whether a UART is there at all.
            Cpu.Out8(Com1 + 7, 0x5A);
            s_present = Cpu.In8(Com1 + 7) == 0x5A;
        }

        public static void Write(byte value)
        {
            if (!s_present) return;
            int spins = 100000;
            while ((Cpu.In8(Com1 + 5) & 0x20) == 0 && --spins > 0) { }
            Cpu.Out8(Com1, value);
        }
    }
}
