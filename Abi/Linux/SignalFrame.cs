using System;
using System.Buffers.Binary;

namespace Lunix.Abi.Linux
{
    // Linux x86-64's signal frame, byte for byte (arch/x86/include/asm/sigframe.h, uapi
    // asm/sigcontext.h and asm/ucontext.h), which the kernel's SIGSEND writes on a process's stack
    // and its SIGRETURN reads back. Where it goes is Linux's get_sigframe: below the 128-byte red
    // zone, or at the top of the alternate stack, with the FXSAVE image 64-byte aligned above the
    // frame and the frame placed so that the handler starts as if called (RSP + 8 16-byte aligned):
    //
    //   frame + 0     return address: sa_restorer, which makes the rt_sigreturn call
    //   frame + 8     ucontext: uc_flags, uc_link, uc_stack, uc_mcontext (the registers and the
    //                 FPU state's address), uc_sigmask (the mask rt_sigreturn puts back)
    //   frame + 312   siginfo, 128 bytes
    //   fpstate       512 bytes, the x87/SSE registers as FXSAVE stores them
    //
    // The handler gets RDI = the signal, RSI = &siginfo, RDX = &ucontext.
    public static class SignalFrame
    {
        public const int InfoSize = 128;
        public const int UContextSize = 304;
        public const int Size = 8 + UContextSize + InfoSize;       // 440
        public const int FpStateSize = 512;                         // FXSAVE's image
        public const int UContextAt = 8;
        public const int InfoAt = UContextAt + UContextSize;
        public const ulong RedZone = 128;
        public const ulong UserLimit = 0x0000800000000000;          // a user address is below this

        // ucontext's fields, from its start.
        private const int FlagsAt = 0, StackAt = 16, ContextAt = 40, MaskAt = 296;
        // sigcontext's, from its start (uc_mcontext).
        private const int RegistersAt = 0, FlagsRegisterAt = 136, SegmentsAt = 144, ErrorAt = 152, TrapAt = 160,
                          OldMaskAt = 168, Cr2At = 176, FpStateAt = 184;

        // uc_flags: the frame saved SS, and rt_sigreturn should restore it (what Linux sets
        // without XSAVE state).
        public const ulong UcSigcontextSs = 2, UcStrictRestoreSs = 4;

        // The flags a handler may change for the code it returns to (Linux's FIX_EFLAGS): the
        // arithmetic flags, direction, trap, alignment check and resume; IF and IOPL stay.
        public const ulong RestorableFlags = 0x1 | 0x4 | 0x10 | 0x40 | 0x80 | 0x100 | 0x400 | 0x800 | 0x10000 | 0x40000;
        // What a handler starts without: trap, direction and resume flags.
        public const ulong HandlerClearsFlags = 0x100 | 0x400 | 0x10000;

        // sas_ss_flags: SS_DISABLE without an alternate stack, SS_ONSTACK when sp is on it, else 0.
        public static int StackFlagsAt(ulong sp, in SignalStack stack)
        {
            if (stack.Size == 0) return LinuxSignals.SS_DISABLE;
            return IsOnStack(sp, in stack) ? LinuxSignals.SS_ONSTACK : 0;
        }

        // on_sig_stack: sp on the alternate stack, which a stack with SS_AUTODISARM never counts as
        // (it is given up while a handler runs on it).
        public static bool IsOnStack(ulong sp, in SignalStack stack) => (stack.Flags & LinuxSignals.SS_AUTODISARM) == 0 && IsWithin(sp, in stack);

        // sp within (base, base + size], as a stack that grows down uses it.
        public static bool IsWithin(ulong sp, in SignalStack stack) => sp > stack.Base && sp - stack.Base <= stack.Size;

        // Where the frame and the FPU image go for a handler of a process whose stack pointer is
        // `sp`: false when the alternate stack it uses cannot hold them (Linux then kills with
        // SIGSEGV). onStack: the action has SA_ONSTACK.
        public static bool Place(ulong sp, bool onStack, in SignalStack stack, out ulong frame, out ulong fpState)
        {
            bool nested = IsOnStack(sp, in stack);
            bool entering = false;
            ulong at = sp - RedZone;
            if (onStack && StackFlagsAt(at, in stack) == 0)
            {
                at = stack.Base + stack.Size;
                entering = true;
            }
            fpState = (at - FpStateSize) & ~63UL;
            frame = ((fpState - Size) & ~15UL) - 8;
            if ((nested || entering) && !IsWithin(frame, in stack)) return false;
            return frame < UserLimit && frame > FpStateSize;
        }

        // Writes the frame (Size bytes) for a handler: the registers to return to, the mask
        // rt_sigreturn restores, the alternate stack as the process had it (rt_sigreturn sets it
        // again), the FPU image's address, and the siginfo.
        public static void Write(Span<byte> frame, in SavedRegisters registers, ulong restorer, ulong mask, in SignalStack stack,
                                 ulong fpState, ReadOnlySpan<byte> info)
        {
            frame.Slice(0, Size).Clear();
            Put(frame, 0, restorer);
            Span<byte> uc = frame.Slice(UContextAt, UContextSize);
            Put(uc, FlagsAt, UcSigcontextSs | UcStrictRestoreSs);
            Put(uc, StackAt, stack.Base);
            BinaryPrimitives.WriteInt32LittleEndian(uc.Slice(StackAt + 8), stack.Size == 0 ? LinuxSignals.SS_DISABLE : stack.Flags);
            Put(uc, StackAt + 16, stack.Size);
            Span<byte> context = uc.Slice(ContextAt, 256);
            registers.WriteGeneral(context.Slice(RegistersAt, SavedRegisters.GeneralBytes));
            Put(context, FlagsRegisterAt, registers.Rflags);
            BinaryPrimitives.WriteUInt16LittleEndian(context.Slice(SegmentsAt), registers.Cs);
            BinaryPrimitives.WriteUInt16LittleEndian(context.Slice(SegmentsAt + 6), registers.Ss);
            Put(context, ErrorAt, registers.Error);
            Put(context, TrapAt, registers.Trap);
            Put(context, OldMaskAt, mask);
            Put(context, Cr2At, registers.Cr2);
            Put(context, FpStateAt, fpState);
            Put(uc, MaskAt, mask);
            info.Slice(0, InfoSize).CopyTo(frame.Slice(InfoAt));
        }

        // What rt_sigreturn finds in the ucontext (UContextSize bytes at the stack pointer it is
        // called with): the registers, the mask, the alternate stack and the FPU image's address.
        public static void Read(ReadOnlySpan<byte> uc, out SavedRegisters registers, out ulong mask, out SignalStack stack, out ulong fpState)
        {
            ReadOnlySpan<byte> context = uc.Slice(ContextAt, 256);
            registers = SavedRegisters.ReadGeneral(context.Slice(RegistersAt, SavedRegisters.GeneralBytes));
            registers.Rflags = Get(context, FlagsRegisterAt);
            registers.Cs = BinaryPrimitives.ReadUInt16LittleEndian(context.Slice(SegmentsAt));
            registers.Ss = BinaryPrimitives.ReadUInt16LittleEndian(context.Slice(SegmentsAt + 6));
            registers.Error = Get(context, ErrorAt);
            registers.Trap = Get(context, TrapAt);
            registers.Cr2 = Get(context, Cr2At);
            fpState = Get(context, FpStateAt);
            mask = Get(uc, MaskAt);
            stack = new SignalStack
            {
                Base = Get(uc, StackAt),
                Flags = BinaryPrimitives.ReadInt32LittleEndian(uc.Slice(StackAt + 8)),
                Size = Get(uc, StackAt + 16),
            };
        }

        // RFLAGS after rt_sigreturn: the handler's word for the restorable flags, the process's
        // own for the rest.
        public static ulong RestoredFlags(ulong current, ulong fromFrame) => (current & ~RestorableFlags) | (fromFrame & RestorableFlags);

        private static void Put(Span<byte> bytes, int at, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(bytes.Slice(at, 8), value);

        private static ulong Get(ReadOnlySpan<byte> bytes, int at) => BinaryPrimitives.ReadUInt64LittleEndian(bytes.Slice(at, 8));
    }

    // A process's alternate signal stack (sigaltstack's stack_t): Size 0 when it has none.
    public struct SignalStack
    {
        public ulong Base;
        public ulong Size;
        public int Flags;               // as the process set them: 0 or SS_AUTODISARM (SS_DISABLE when it has none)
    }

    // The user registers a signal frame saves (sigcontext's), plus the fault's details.
    public struct SavedRegisters
    {
        public ulong R8, R9, R10, R11, R12, R13, R14, R15, Rdi, Rsi, Rbp, Rbx, Rdx, Rax, Rcx, Rsp, Rip;
        public ulong Rflags;
        public ushort Cs, Ss;
        public ulong Error, Trap, Cr2;

        // sigcontext's order: r8-r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip.
        public const int GeneralBytes = 17 * 8;

        public readonly void WriteGeneral(Span<byte> into)
        {
            ReadOnlySpan<ulong> values = stackalloc ulong[] { R8, R9, R10, R11, R12, R13, R14, R15, Rdi, Rsi, Rbp, Rbx, Rdx, Rax, Rcx, Rsp, Rip };
            for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteUInt64LittleEndian(into.Slice(i * 8, 8), values[i]);
        }

        public static SavedRegisters ReadGeneral(ReadOnlySpan<byte> from)
        {
            Span<ulong> v = stackalloc ulong[17];
            for (int i = 0; i < v.Length; i++) v[i] = BinaryPrimitives.ReadUInt64LittleEndian(from.Slice(i * 8, 8));
            return new SavedRegisters
            {
                R8 = v[0], R9 = v[1], R10 = v[2], R11 = v[3], R12 = v[4], R13 = v[5], R14 = v[6], R15 = v[7],
                Rdi = v[8], Rsi = v[9], Rbp = v[10], Rbx = v[11], Rdx = v[12], Rax = v[13], Rcx = v[14], Rsp = v[15], Rip = v[16],
            };
        }
    }
}
