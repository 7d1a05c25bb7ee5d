namespace Lunix.Abi.Linux
{
    // The signal a ring-3 exception raises, and what its siginfo says, as Linux's x86 trap
    // handlers decide them (arch/x86/kernel/traps.c, fault.c, fpu/core.c): a page fault is
    // SIGSEGV with the address (SEGV_MAPERR where nothing is mapped, SEGV_ACCERR where the access
    // is not allowed); a general protection fault is SIGSEGV from the kernel, with no address;
    // an invalid opcode SIGILL and a divide error SIGFPE, both at the instruction; x87 and SIMD
    // exceptions SIGFPE with the first unmasked exception's code; alignment, segment-not-present
    // and stack faults SIGBUS; breakpoints and debug traps SIGTRAP.
    public static class FaultSignals
    {
        public const int DivideError = 0, Debug = 1, Breakpoint = 3, Overflow = 4, BoundRange = 5, InvalidOpcode = 6,
                         DeviceNotAvailable = 7, InvalidTss = 10, SegmentNotPresent = 11, StackFault = 12,
                         GeneralProtection = 13, PageFault = 14, X87 = 16, AlignmentCheck = 17, Simd = 19;

        public static int SignalOf(ulong vector) => vector switch
        {
            DivideError or X87 or Simd => LinuxSignals.SIGFPE,
            Debug or Breakpoint => LinuxSignals.SIGTRAP,
            InvalidOpcode => LinuxSignals.SIGILL,
            SegmentNotPresent or StackFault or AlignmentCheck => LinuxSignals.SIGBUS,
            _ => LinuxSignals.SIGSEGV,
        };

        // si_code and si_addr for the exception. errorCode: the CPU's (page fault: bit 0 set for
        // a protection violation); faultAddress: CR2; fpuStatus: for x87 and SIMD exceptions,
        // the exception flags that are not masked (x87: status & ~control & 0x3F; SIMD: MXCSR's
        // flags & ~its masks).
        public static void Describe(ulong vector, ulong errorCode, ulong faultAddress, ulong instruction, uint fpuStatus, out int code, out ulong address)
        {
            switch (vector)
            {
                case PageFault:
                    code = (errorCode & 1) != 0 ? LinuxSignals.SEGV_ACCERR : LinuxSignals.SEGV_MAPERR;
                    address = faultAddress;
                    return;
                case InvalidOpcode:
                    code = LinuxSignals.ILL_ILLOPN;
                    address = instruction;
                    return;
                case DivideError:
                    code = LinuxSignals.FPE_INTDIV;
                    address = instruction;
                    return;
                case X87:
                case Simd:
                    code = FloatingCode(fpuStatus);
                    address = instruction;
                    return;
                case AlignmentCheck:
                    code = LinuxSignals.BUS_ADRALN;
                    address = 0;
                    return;
                case Debug:
                    code = LinuxSignals.TRAP_BRKPT;
                    address = instruction;
                    return;
                default:
                    code = LinuxSignals.SI_KERNEL;
                    address = 0;
                    return;
            }
        }

        // The first of the exceptions, in Linux's order: invalid, divide by zero, overflow,
        // underflow (or denormal), precision. 0 when none is unmasked (a spurious exception).
        public static int FloatingCode(uint status)
        {
            if ((status & 0x01) != 0) return LinuxSignals.FPE_FLTINV;
            if ((status & 0x04) != 0) return LinuxSignals.FPE_FLTDIV;
            if ((status & 0x08) != 0) return LinuxSignals.FPE_FLTOVF;
            if ((status & 0x12) != 0) return LinuxSignals.FPE_FLTUND;
            if ((status & 0x20) != 0) return LinuxSignals.FPE_FLTRES;
            return 0;
        }
    }
}
