using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Arch.X86;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // SIGRETURN (MINIX's sys_sigreturn): a0 = the endpoint of a process waiting for the caller's
    // reply to its rt_sigreturn, a1 = the caller's SignalReturnReport. The handler has returned to
    // sa_restorer, which popped the frame's return address and made the call, so the ucontext of
    // the frame SIGSEND wrote is at its stack pointer: its registers and x87/SSE state come back
    // from there, as Linux's restore_sigcontext does it, and checked: the code and stack segments
    // are the user's whatever the frame says, only the flags a program may set change (IF and
    // IOPL stay), RIP and RSP must be user addresses (or IRET would fault in the kernel), and
    // MXCSR's reserved bits are cleared (or FXRSTOR would). A null FPU pointer gives a fresh FPU
    // state, as on Linux. The mask and the alternate stack the frame held go to the caller, whose
    // business they are. The call ends without a reply: RAX is the frame's. EFAULT for a frame
    // that cannot be read, EINVAL for one that cannot be returned to (PM ends the process with
    // SIGSEGV, as Linux does); nothing changes then.
    internal static unsafe class DoSigReturn
    {
        private const uint DefaultMxcsrMask = 0xFFBF;

        public static long Run(int slot, long endpoint, ulong reportAddress)
        {
            Errno refused = ManagedTarget.Resolve(slot, endpoint, out int target);
            if (refused != Errno.Ok) return -(long)refused;
            ref readonly ProcessSlot ipc = ref IpcProcesses.Engine[target];
            if (ProcessTable.Slot(target).State != ProcessState.Blocked || (ipc.Flags & (ProcessFlags.Sending | ProcessFlags.Receiving)) != ProcessFlags.Receiving
                || ipc.ReceiveFrom != IpcProcesses.EndpointOf(slot))
                return -(long)Errno.EINVAL;

            TrapFrame* frame = ProcessTable.FrameOf(target);
            Span<byte> uc = stackalloc byte[SignalFrame.UContextSize];
            long read = TargetMemory.Read(slot, target, frame->Rsp, uc);
            if (read != 0) return read;
            SignalFrame.Read(uc, out SavedRegisters registers, out ulong mask, out SignalStack stack, out ulong fpState);
            if (registers.Rip >= SignalFrame.UserLimit || registers.Rsp >= SignalFrame.UserLimit || (fpState & 15) != 0) return -(long)Errno.EINVAL;
            Span<byte> fpu = stackalloc byte[SignalFrame.FpStateSize];
            if (fpState != 0)
            {
                read = TargetMemory.Read(slot, target, fpState, fpu);
                if (read != 0) return read;
            }
            SignalReturnReport report = default;
            report.Mask = mask;
            report.Stack = stack;
            report.StackPointer = registers.Rsp;
            long written = VmSuspension.CopyOut(slot, new UserSlice<Writable>(reportAddress, (ulong)sizeof(SignalReturnReport)),
                                                new ReadOnlySpan<byte>(&report, sizeof(SignalReturnReport)));
            if (written != 0) return written;

            // Committed.
            frame->R8 = registers.R8; frame->R9 = registers.R9; frame->R10 = registers.R10; frame->R11 = registers.R11;
            frame->R12 = registers.R12; frame->R13 = registers.R13; frame->R14 = registers.R14; frame->R15 = registers.R15;
            frame->Rdi = registers.Rdi; frame->Rsi = registers.Rsi; frame->Rbp = registers.Rbp; frame->Rbx = registers.Rbx;
            frame->Rdx = registers.Rdx; frame->Rax = registers.Rax; frame->Rcx = registers.Rcx; frame->Rsp = registers.Rsp;
            frame->Rip = registers.Rip;
            frame->Rflags = SignalFrame.RestoredFlags(frame->Rflags, registers.Rflags);
            frame->Cs = Gdt.UserCode;
            frame->Ss = Gdt.UserData;
            byte* saved = (byte*)ProcessTable.VectorStateOf(target);
            if (fpState == 0) ProcessTable.ResetVectorState(target);
            else
            {
                uint supported = *(uint*)(saved + 28);              // MXCSR_MASK, as FXSAVE stored it
                if (supported == 0) supported = DefaultMxcsrMask;
                fpu.Slice(464).Clear();
                fpu.CopyTo(new Span<byte>(saved, SignalFrame.FpStateSize));
                *(uint*)(saved + 24) &= supported;
                *(uint*)(saved + 28) = supported;
            }
            IpcProcesses.Engine.EndCall(target);
            StoppedProcesses.WaitEnded(target);
            return 0;
        }
    }
}
