namespace Lunix.Kernel.Diagnostics
{
    // What an unwind step needs of a frame: its pc and stack pointer, and the registers the
    // System V ABI makes callee-saved, which is all the CFI of a caller can refer to.
    public struct UnwindRegisters
    {
        public ulong Rip, Rsp, Rbp, Rbx, R12, R13, R14, R15;

        // DWARF x86-64 register numbers: 3 rbx, 6 rbp, 7 rsp, 12-15 r12-r15, 16 the return address.
        internal const int ReturnAddress = 16, StackPointer = 7;

        internal readonly bool TryGet(int dwarfRegister, out ulong value)
        {
            switch (dwarfRegister)
            {
                case 3: value = Rbx; return true;
                case 6: value = Rbp; return true;
                case StackPointer: value = Rsp; return true;
                case 12: value = R12; return true;
                case 13: value = R13; return true;
                case 14: value = R14; return true;
                case 15: value = R15; return true;
                case ReturnAddress: value = Rip; return true;
                default: value = 0; return false;
            }
        }

        internal bool TrySet(int dwarfRegister, ulong value)
        {
            switch (dwarfRegister)
            {
                case 3: Rbx = value; return true;
                case 6: Rbp = value; return true;
                case StackPointer: Rsp = value; return true;
                case 12: R12 = value; return true;
                case 13: R13 = value; return true;
                case 14: R14 = value; return true;
                case 15: R15 = value; return true;
                case ReturnAddress: Rip = value; return true;
                default: return false;
            }
        }
    }
}
