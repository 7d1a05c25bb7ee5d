using Lunix.Arch.X86;

namespace Lunix.Kernel.Diagnostics
{
    // Stack reads for crash-time unwinding, confined to the stacks the kernel owns (this processor's
    // kernel stack and IST stacks): a corrupt frame then ends a stack trace instead of faulting
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
            ref PerCpu cpu = ref CpuLocal.Current;
            return (address >= cpu.KernelStackBottom && address < cpu.KernelStackTop) || Gdt.IsOnIstStack(address);
        }
    }
}
