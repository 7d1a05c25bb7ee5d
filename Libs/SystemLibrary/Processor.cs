using System.Runtime.InteropServices;

namespace Lunix.SystemLibrary
{
    // What a program may ask the processor itself (CPUID is not privileged).
    public static unsafe class Processor
    {
        [DllImport("*", EntryPoint = "lunix_cpuid"), SuppressGCTransition]
        private static extern void CpuId(uint leaf, uint* registers);

        // EDX of leaf 1: the features Linux reports as AT_HWCAP on x86-64.
        public static uint FeatureBits()
        {
            uint* registers = stackalloc uint[4];
            CpuId(1, registers);
            return registers[3];
        }
    }
}
