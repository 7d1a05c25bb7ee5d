using System;

namespace Lunix.Arch.X86
{
    // The 16550 UART on COM1: the first console, and the one the boot tests read. The kernel
    // writes it polled, with its interrupts off, until the terminal driver takes it over
    // (Kernel/Console/KernelLog.cs); from then on the kernel only sends its log when the driver
    // asks (TrySend), and writes it directly again for a crash report or when the driver is gone.
    public static class Serial
    {
        public const ushort Com1 = 0x3F8;
        public const int FifoBytes = 16;            // what the transmitter takes at once once empty
        private const ushort LineStatus = Com1 + 5;
        private const byte TransmitterEmpty = 0x20; // LSR THRE: the holding register (and FIFO) is empty

        public static bool Present { get; private set; }

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
            Present = Cpu.In8(Com1 + 7) == 0x5A;
        }

        public static void Write(byte value)
        {
            if (!Present) return;
            int spins = 100000;
            while ((Cpu.In8(LineStatus) & TransmitterEmpty) == 0 && --spins > 0) { }
            Cpu.Out8(Com1, value);
        }

        // Sends from `bytes` as much as the UART takes without waiting: a FIFO's worth each time
        // its transmitter is found empty (on QEMU that is at once again; on a real UART the first
        // burst only). Returns how many went.
        public static int TrySend(ReadOnlySpan<byte> bytes)
        {
            if (!Present) return 0;
            int sent = 0;
            while (sent < bytes.Length && (Cpu.In8(LineStatus) & TransmitterEmpty) != 0)
                for (int i = 0; i < FifoBytes && sent < bytes.Length; i++) Cpu.Out8(Com1, bytes[sent++]);
            return sent;
        }
    }
}
