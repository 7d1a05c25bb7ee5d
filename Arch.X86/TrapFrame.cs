using System.Runtime.InteropServices;

namespace Lunix.Arch.X86
{
    // What Boot/traps.S leaves on the stack for every interrupt and exception: the general
    // registers it pushed (last pushed first), the vector and error code, then what the CPU pushed.
    [StructLayout(LayoutKind.Sequential)]
    public struct TrapFrame
    {
        public ulong R15, R14, R13, R12, R11, R10, R9, R8;
        public ulong Rbp, Rdi, Rsi, Rdx, Rcx, Rbx, Rax;
        public ulong Vector, ErrorCode;
        public ulong Rip, Cs, Rflags, Rsp, Ss;

        public bool FromUserMode => (Cs & 3) == 3;
    }
}
