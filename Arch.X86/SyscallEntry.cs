namespace Lunix.Arch.X86
{
    // The `syscall` instruction's setup: where it lands (LSTAR), the segments it loads (STAR:
    // kernel code 0x08 / data 0x10 on entry, user data 0x18 / code 0x20 for the return), and
    // the RFLAGS bits it clears (IF, DF, TF: the kernel runs with interrupts off).
    public static class SyscallEntry
    {
        private const uint Efer = 0xC0000080, Star = 0xC0000081, Lstar = 0xC0000082, Sfmask = 0xC0000084;
        public const int Vector = 0x80;             // the vector traps.S gives syscall frames

        public static void Initialize()
        {
            Cpu.WriteMsr(Efer, Cpu.ReadMsr(Efer) | 1);                  // SCE: syscall enabled
            Cpu.WriteMsr(Star, (0x10UL << 48) | (0x08UL << 32));
            Cpu.WriteMsr(Lstar, Cpu.SyscallEntryAddress());
            Cpu.WriteMsr(Sfmask, 0x700);
        }
    }
}
