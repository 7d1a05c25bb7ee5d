using System.Runtime;
using Lunix.Kernel.Boot;
using Lunix.Kernel.Time;

namespace Lunix.Kernel
{
    // The first managed code: called by Arch.X86/Boot/multiboot.S once in 64-bit mode on the
    // kernel stack. Nothing here may touch a static before the runtime has initialised them.
    internal static unsafe class Entry
    {
        [RuntimeExport("KernelEntry")]
        private static void KernelEntry(uint magic, ulong bootInfo, byte* heap, ulong heapSize, void** modules, void** modulesEnd)
        {
            Clock.MarkKernelEntry();
            Internal.Runtime.Startup.Initialize(heap, (nuint)heapSize, modules, modulesEnd);
            BootSequence.Run(magic, bootInfo);
        }
    }
}
