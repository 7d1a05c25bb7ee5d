using System.Runtime;
using Lunix.Arch.X86;

namespace Lunix.Kernel
{
    public static unsafe class Entry
    {
        [RuntimeExport("KernelEntry")]
        private static void KernelEntry(uint magic, ulong bootInfo, byte* heap, ulong heapSize, void** modules, void** modulesEnd)
        {
            Internal.Runtime.Startup.Initialize(heap, (nuint)heapSize, modules, modulesEnd);
            Serial.Initialize();
            foreach (char c in "lunix: ready\n") Serial.Write((byte)c);
            Cpu.HaltForever();
        }

        [RuntimeExport("LunixRuntimeFailure")]
        private static void RuntimeFailure(Internal.Runtime.FailureKind kind, object detail, ulong value)
        {
            foreach (char c in "runtime failure\n") Serial.Write((byte)c);
            Cpu.HaltForever();
        }

        [RuntimeExport("lunix_trap")]
        private static void Trap(void* frame)
        {
            foreach (char c in "trap\n") Serial.Write((byte)c);
            Cpu.HaltForever();
        }
    }
}
