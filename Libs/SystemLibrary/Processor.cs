using System.Runtime.InteropServices;

namespace Lunix.SystemLibrary
{
    // What a program may ask the processor itself (CPUID, RDTSC and RDRAND are not privileged).
    public static unsafe class Processor
    {
        [DllImport("*", EntryPoint = "lunix_cpuid"), SuppressGCTransition]
        private static extern void CpuId(uint leaf, uint* registers);

        [DllImport("*", EntryPoint = "lunix_read_tsc"), SuppressGCTransition]
        private static extern ulong ReadTscCounter();

        [DllImport("*", EntryPoint = "lunix_rdrand"), SuppressGCTransition]
        private static extern int RdRand(ulong* value);

        // The time-stamp counter (CR4.TSD is clear: ring 3 may read it).
        public static ulong ReadTsc() => ReadTscCounter();

        // A random number from the processor (RDRAND), when it has the instruction and it
        // delivers one.
        public static bool TryHardwareRandom(out ulong value)
        {
            value = 0;
            uint* registers = stackalloc uint[4];
            CpuId(1, registers);
            if ((registers[2] & (1u << 30)) == 0) return false;
            ulong number;
            for (int attempt = 0; attempt < 10; attempt++)
            {
                if (RdRand(&number) == 0) continue;
                value = number;
                return true;
            }
            return false;
        }

        // EDX of leaf 1: the features Linux reports as AT_HWCAP on x86-64.
        public static uint FeatureBits()
        {
            uint* registers = stackalloc uint[4];
            CpuId(1, registers);
            return registers[3];
        }
    }
}
