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

        // EAX, EBX, ECX, EDX of a leaf (sub-leaf 0), into `registers` (four words).
        public static void Identify(uint leaf, System.Span<uint> registers)
        {
            uint* words = stackalloc uint[4];
            CpuId(leaf, words);
            for (int i = 0; i < 4 && i < registers.Length; i++) registers[i] = words[i];
        }
    }
}
