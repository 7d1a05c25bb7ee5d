using System;
using Lunix.Abi;
using Lunix.Abi.Linux;
using Lunix.Arch.X86;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Calls
{
    // SIGSEND (MINIX's sys_sigsend): a0 = the caller's SignalDeliveryRequest. PM, the process's
    // signal manager, has it run a signal handler: the kernel writes Linux's x86-64 signal frame
    // (Abi/Linux/SignalFrame.cs) on its stack, or its alternate stack, with its registers, its
    // x87/SSE state and the mask to restore, and sets it to start the handler with a fresh FPU
    // state: RIP = the handler, RSP = the frame (whose first word, the return address, is
    // sa_restorer), RDI = the signal, RSI = &siginfo, RDX = &ucontext.
    //
    // Its registers must be final first. It waits for the caller's reply: that call ends with the
    // request's CallResult. Or the caller stopped it (RUNCTL), or it faulted: a call's answer
    // that has come in is applied first. An answer of PosixErrors.Restart becomes -EINTR, or,
    // with SignalDeliveryFlags.Restart, the call made again after the handler (its `syscall`
    // rewound, RAX still its number). With Fault, the frame records the exception (trap number,
    // error code, CR2) and the siginfo gets si_code and si_addr as Linux gives them.
    //
    // EBUSY: the process may run, or a server has yet to answer its call. EFAULT: the frame
    // cannot be written there (PM then ends the process with SIGSEGV, as Linux does); a stack
    // page VM has not backed makes the call wait for VM and start again. Nothing changes on an
    // error.
    internal static unsafe class DoSigSend
    {
        private const ulong SyscallLength = 2;

        public static long Run(int slot, ulong requestAddress)
        {
            SignalDeliveryRequest request;
            long copied = VmSuspension.CopyIn(slot, new UserSlice<Readable>(requestAddress, (ulong)sizeof(SignalDeliveryRequest)),
                                              new Span<byte>(&request, sizeof(SignalDeliveryRequest)));
            if (copied != 0) return copied;
            Errno refused = ManagedTarget.Resolve(slot, request.Target, out int target);
            if (refused != Errno.Ok) return -(long)refused;
            if (!LinuxSignals.IsValid(request.Signal) || request.Handler >= SignalFrame.UserLimit || request.Restorer >= SignalFrame.UserLimit)
                return -(long)Errno.EINVAL;

            ref Process.Process process = ref ProcessTable.Slot(target);
            ref readonly ProcessSlot ipc = ref IpcProcesses.Engine[target];
            bool waitsForCaller = process.State == ProcessState.Blocked && (ipc.Flags & (ProcessFlags.Sending | ProcessFlags.Receiving)) == ProcessFlags.Receiving
                                  && ipc.ReceiveFrom == IpcProcesses.EndpointOf(slot);
            bool faulted = process.State == ProcessState.Suspended;
            bool held = waitsForCaller || faulted || IpcProcesses.Engine.IsStopped(target) && process.State == ProcessState.Blocked && !ipc.IsBlocked;
            if (!held) return -(long)Errno.EBUSY;
            bool fault = (request.Flags & SignalDeliveryFlags.Fault) != 0;
            if (fault && !faulted) return -(long)Errno.EINVAL;

            TrapFrame* frame = ProcessTable.FrameOf(target);
            SavedRegisters registers = Saved(frame);
            bool answered = !waitsForCaller && MessageDelivery.IsPosix(target) && MessageDelivery.HasPending(target);
            if (waitsForCaller || answered)
            {
                ref Message reply = ref IpcProcesses.Engine.IncomingOf(target);
                long result = waitsForCaller ? request.CallResult
                            : reply.Type == PosixRequests.Reply ? reply.Payload<PosixReply>().Result : -(long)Abi.Linux.LinuxErrno.EIO;
                if (result != PosixErrors.Restart) registers.Rax = (ulong)result;
                else if ((request.Flags & SignalDeliveryFlags.Restart) != 0) registers.Rip -= SyscallLength;   // RAX: the call's number
                else registers.Rax = unchecked((ulong)-(long)Abi.Linux.LinuxErrno.EINTR);
            }

            // The siginfo, with a fault's description.
            byte* info = stackalloc byte[SignalFrame.InfoSize];
            new ReadOnlySpan<byte>(request.Info, SignalFrame.InfoSize).CopyTo(new Span<byte>(info, SignalFrame.InfoSize));
            byte* fpu = (byte*)ProcessTable.VectorStateOf(target);
            if (fault)
            {
                registers.Trap = frame->Vector;
                registers.Error = frame->ErrorCode;
                registers.Cr2 = frame->Vector == FaultSignals.PageFault ? process.FaultAddress : 0;
                FaultSignals.Describe(frame->Vector, frame->ErrorCode, process.FaultAddress, frame->Rip, FloatingStatus(frame->Vector, fpu),
                                      out int code, out ulong address);
                *(int*)(info + 8) = code;
                *(ulong*)(info + 16) = address;
            }

            if (!SignalFrame.Place(frame->Rsp, (request.Flags & SignalDeliveryFlags.OnStack) != 0, in request.Stack, out ulong at, out ulong fpState))
                return -(long)Errno.EFAULT;
            Span<byte> image = stackalloc byte[SignalFrame.Size];
            SignalFrame.Write(image, in registers, request.Restorer, request.Mask, in request.Stack, fpState, new ReadOnlySpan<byte>(info, SignalFrame.InfoSize));
            Span<byte> fpImage = stackalloc byte[SignalFrame.FpStateSize];
            new ReadOnlySpan<byte>(fpu, SignalFrame.FpStateSize).CopyTo(fpImage);
            fpImage.Slice(464).Clear();                             // FXSAVE's free bytes: no XSAVE header here
            long written = TargetMemory.Write(slot, target, fpState, fpImage);
            if (written == 0) written = TargetMemory.Write(slot, target, at, image);
            if (written != 0) return written;

            // Committed: the process starts the handler.
            if (waitsForCaller) IpcProcesses.Engine.EndCall(target);
            else if (answered) MessageDelivery.Forget(target);
            frame->Rip = request.Handler;
            frame->Rsp = at;
            frame->Rdi = (ulong)request.Signal;
            frame->Rsi = at + SignalFrame.InfoAt;
            frame->Rdx = at + SignalFrame.UContextAt;
            frame->Rax = 0;
            frame->Rflags = registers.Rflags & ~SignalFrame.HandlerClearsFlags;
            frame->Cs = Gdt.UserCode;
            frame->Ss = Gdt.UserData;
            ProcessTable.ResetVectorState(target);
            if (waitsForCaller) StoppedProcesses.WaitEnded(target);
            return 0;
        }

        private static SavedRegisters Saved(TrapFrame* frame) => new SavedRegisters
        {
            R8 = frame->R8, R9 = frame->R9, R10 = frame->R10, R11 = frame->R11, R12 = frame->R12, R13 = frame->R13, R14 = frame->R14,
            R15 = frame->R15, Rdi = frame->Rdi, Rsi = frame->Rsi, Rbp = frame->Rbp, Rbx = frame->Rbx, Rdx = frame->Rdx, Rax = frame->Rax,
            Rcx = frame->Rcx, Rsp = frame->Rsp, Rip = frame->Rip, Rflags = frame->Rflags, Cs = (ushort)frame->Cs, Ss = (ushort)frame->Ss,
        };

        // The unmasked exception flags of an x87 (#MF) or SIMD (#XM) exception, from the FXSAVE
        // image: FSW & ~FCW, or MXCSR's flags & ~its masks.
        private static uint FloatingStatus(ulong vector, byte* fxsave)
        {
            if (vector == FaultSignals.X87) return (uint)(*(ushort*)(fxsave + 2) & ~*(ushort*)fxsave & 0x3F);
            if (vector == FaultSignals.Simd)
            {
                uint mxcsr = *(uint*)(fxsave + 24);
                return mxcsr & ~(mxcsr >> 7) & 0x3F;
            }
            return 0;
        }
    }
}
