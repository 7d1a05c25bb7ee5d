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
        public readonly PageMapping Mapping;        // what the active tables hold for Address

        public PageFault(ulong address, ulong errorCode, ulong instructionPointer, PageMapping mapping)
        {
            Mapping = mapping;
            Address = address;
            Access = (errorCode & 16) != 0 ? FaultAccess.Execute : (errorCode & 2) != 0 ? FaultAccess.Write : FaultAccess.Read;
            FromUserMode = (errorCode & 4) != 0;
            PagePresent = (errorCode & 1) != 0;
            InstructionPointer = instructionPointer;
        }

        public static unsafe PageFault From(TrapFrame* frame)
        {
            ulong address = Cpu.ReadCr2();
            PageMapping mapping = default;
            if (KernelAddressSpace.Active.IsCreated) KernelAddressSpace.Active.Query(address, out mapping);
            return new PageFault(address, frame->ErrorCode, frame->Rip, mapping);
        }

        public string AccessName => Access == FaultAccess.Execute ? "execute" : Access == FaultAccess.Write ? "write" : "read";
    }
}
