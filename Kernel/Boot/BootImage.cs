using Lunix.Arch.X86.Memory;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Boot
{
    // The boot image table (MINIX's table.c): every program the kernel starts by itself, in start
    // order, each found as the multiboot2 module of the same name. Privileges (IPC targets, kernel
    // calls, I/O ports, IRQs, memory ranges) join each entry with the IPC work.
    public static unsafe class BootImage
    {
        private struct Entry
        {
            public string Module;
            public int Priority;
        }

        private static readonly Entry[] s_table =
        {
            new Entry { Module = "init", Priority = 4 },
        };

        // Starts each program whose module is present; returns how many started.
        public static int StartAll(BootInfo info)
        {
            int started = 0;
            foreach (Entry entry in s_table)
            {
                foreach (BootModule module in info.Modules)
                {
                    if (module.Name != entry.Module) continue;
                    var file = new System.ReadOnlySpan<byte>(DirectMap.ToVirtual(module.Start), (int)(module.End - module.Start));
                    if (ProgramLoader.Load(entry.Module, file, entry.Priority) >= 0) started++;
                }
            }
            return started;
        }
    }
}
