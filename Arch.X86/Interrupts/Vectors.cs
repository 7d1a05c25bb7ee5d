namespace Lunix.Arch.X86.Interrupts
{
    // Interrupt vector assignment. ISA IRQ n arrives at FirstIrq + n through the PIC or the I/O APIC.
    public static class Vectors
    {
        public const int DivideError = 0;
        public const int Nmi = 2;
        public const int Breakpoint = 3;
        public const int InvalidOpcode = 6;
        public const int DoubleFault = 8;
        public const int GeneralProtection = 13;
        public const int PageFault = 14;
        public const int MachineCheck = 18;
        public const int ExceptionCount = 32;

        public const int FirstIrq = 32;
        public const int IrqCount = 24;
        public const int LocalApicTimer = 64;
        public const int Reschedule = 0xFB;             // IPI: look at the run queues (and CrossCpu's requests)
        public const int Panic = 0xFD;
        public const int Spurious = 0xFF;

        private static readonly string[] s_exceptionNames =
        {
            "divide error (#DE)", "debug (#DB)", "non-maskable interrupt (NMI)", "breakpoint (#BP)",
            "overflow (#OF)", "bound range exceeded (#BR)", "invalid opcode (#UD)", "device not available (#NM)",
            "double fault (#DF)", "coprocessor segment overrun", "invalid TSS (#TS)", "segment not present (#NP)",
            "stack-segment fault (#SS)", "general protection fault (#GP)", "page fault (#PF)", "reserved (15)",
            "x87 floating-point error (#MF)", "alignment check (#AC)", "machine check (#MC)", "SIMD floating-point error (#XM)",
            "virtualization exception (#VE)", "control protection (#CP)", "reserved (22)", "reserved (23)",
            "reserved (24)", "reserved (25)", "reserved (26)", "reserved (27)",
            "hypervisor injection (#HV)", "VMM communication (#VC)", "security exception (#SX)", "reserved (31)",
        };

        public static string ExceptionName(ulong vector) => vector < ExceptionCount ? s_exceptionNames[vector] : "interrupt";
    }
}
