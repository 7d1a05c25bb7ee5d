using Lunix.Arch.X86;

namespace Lunix.Kernel.Memory
{
    public enum FaultAccess { Read, Write, Execute }

    // Everything about one page fault, decoded once from the error code and CR2: what the
    // handler, the crash report and (later) the VM server reason about.
    public readonly struct PageFault
    {
        public readonly ulong Address;
        public readonly FaultAccess Access;
        public readonly bool FromUserMode;
        public readonly bool PagePresent;           // a protection violation, not a missing page
        public readonly ulong InstructionPointer;

        public PageFault(ulong address, ulong errorCode, ulong instructionPointer)
        {
            Address = address;
            Access = (errorCode & 16) != 0 ? FaultAccess.Execute : (errorCode & 2) != 0 ? FaultAccess.Write : FaultAccess.Read;
            FromUserMode = (errorCode & 4) != 0;
            PagePresent = (errorCode & 1) != 0;
            InstructionPointer = instructionPointer;
        }

        public static unsafe PageFault From(TrapFrame* frame) => new PageFault(Cpu.ReadCr2(), frame->ErrorCode, frame->Rip);

        public string AccessName => Access == FaultAccess.Execute ? "execute" : Access == FaultAccess.Write ? "write" : "read";
    }
}
