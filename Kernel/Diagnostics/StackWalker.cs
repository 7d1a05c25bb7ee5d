using Lunix.Arch.X86;

namespace Lunix.Kernel.Diagnostics
{
    // The code addresses of a trapped kernel context, innermost first: the trapping RIP, then for
    // each caller its return address - 1, which lies inside the call instruction and so names the
    // caller even when the call was the caller's last instruction.
    // Frames are unwound with the .eh_frame CFI ILC emits. Code without CFI (the assembly in
    // Boot/*.S) gets two guesses: a trapping routine is a leaf with its return address at [RSP];
    // a caller follows the frame-pointer chain (saved RBP at [RBP], return address at [RBP+8]).
    // The walk ends at a zero return address, a read off the kernel's stacks, a step that does not
    // move up the stack, or after MaxFrames frames.
    public unsafe struct StackWalker
    {
        private const int MaxFrames = 32;

        // Built on first use: only a crash report needs it, and then allocating its index is fine.
        private static EhFrameUnwinder s_unwinder;

        private UnwindRegisters _registers;
        private int _count;
        private bool _ended;

        public StackWalker(TrapFrame* frame)
        {
            _registers = new UnwindRegisters
            {
                Rip = frame->Rip, Rsp = frame->Rsp, Rbp = frame->Rbp, Rbx = frame->Rbx,
                R12 = frame->R12, R13 = frame->R13, R14 = frame->R14, R15 = frame->R15,
            };
            _count = 0;
            _ended = false;
        }

        // codeAddress: the address to symbolize for the next frame.
        public bool TryNext(out ulong codeAddress)
        {
            codeAddress = 0;
            if (_ended || _count >= MaxFrames) return false;
            if ((_count > 0 && !TryStepToCaller()) || _registers.Rip == 0)
            {
                _ended = true;
                return false;
            }
            codeAddress = _count == 0 ? _registers.Rip : _registers.Rip - 1;
            _count++;
            return true;
        }

        private bool TryStepToCaller()
        {
            // Frame 0 is where the trap happened; the frames after it are stopped at calls.
            UnwindRegisters caller = _registers;
            if (!TryStep(ref caller, isCallerFrame: _count > 1) || caller.Rsp <= _registers.Rsp) return false;
            _registers = caller;
            return true;
        }

        private static bool TryStep(ref UnwindRegisters registers, bool isCallerFrame)
        {
            EhFrameUnwinder unwinder = s_unwinder;
            if (unwinder == null) return TryFollowFramePointer(ref registers);
            if (unwinder.TryUnwind(ref registers, KernelStackMemory.Instance, isCallerFrame)) return true;
            if (!isCallerFrame && !unwinder.TryFindFunction(registers.Rip, out _, out _)) return TryReturnFromLeaf(ref registers);
            return TryFollowFramePointer(ref registers);
        }

        private static bool TryReturnFromLeaf(ref UnwindRegisters registers)
        {
            if (!KernelStackMemory.Instance.TryRead(registers.Rsp, out ulong returnAddress)) return false;
            registers.Rip = returnAddress;
            registers.Rsp += 8;
            return true;
        }

        private static bool TryFollowFramePointer(ref UnwindRegisters registers)
        {
            ulong frame = registers.Rbp;
            if (!KernelStackMemory.Instance.TryRead(frame, out ulong savedRbp)
                || !KernelStackMemory.Instance.TryRead(frame + 8, out ulong returnAddress)) return false;
            registers.Rip = returnAddress;
            registers.Rsp = frame + 16;
            registers.Rbp = savedRbp;
            return true;
        }

        // Built at boot, so that reporting a crash (heap exhaustion included) allocates nothing.
        public static void PrepareUnwinder()
        {
            ulong start, end;
            Cpu.EhFrameBounds(&start, &end);
            s_unwinder = new EhFrameUnwinder((byte*)start, (int)(end - start), start);
        }

    }
}
