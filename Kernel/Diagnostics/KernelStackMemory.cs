using Lunix.Arch.X86;

namespace Lunix.Kernel.Diagnostics
{
    // Stack reads for crash-time unwinding, confined to the stacks the kernel owns (the processors'
    // kernel stacks and IST stacks: a report shows the stopped processors' stacks too): a corrupt frame then ends a stack trace instead of faulting
    // inside the crash report.
    internal sealed unsafe class KernelStackMemory : IStackMemory
    {
        public static readonly KernelStackMemory Instance = new KernelStackMemory();

        // Stack slots are 8-byte aligned, and so are the stacks' bounds: an aligned address on a
        // stack has all 8 bytes on it.
        public bool TryRead(ulong address, out ulong value)
        {
            value = 0;
            if ((address & 7) != 0 || !IsOnKnownStack(address)) return false;
            value = *(ulong*)address;
            return true;
        }

        private static bool IsOnKnownStack(ulong address)
        {
            for (int i = 0; i < CpuLocal.Count; i++)
            {
                ref PerCpu cpu = ref CpuLocal.Of(i);
                if ((address >= cpu.KernelStackBottom && address < cpu.KernelStackTop) || Gdt.IsOnIstStack(i, address)) return true;
            }
            return false;
        }
    }
}
