using Lunix.Arch.X86.Memory;
using Lunix.Ipc;
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
            public int Slot;            // fixed, so its endpoint is known (Ipc/BootEndpoints.cs)
            public int Priority;
            public bool Daemon;         // runs forever: `poweroff` does not wait for it
            public string Suite;        // started only with suite=<this>, or always when null
        }

        private static readonly Entry[] s_table =
        {
            // The isolation suite: a program that faults (more urgent, so it faults first) and
            // one that never stops, beside init at init's priority.
            new Entry { Module = "faulter", Slot = BootEndpoints.Faulter, Priority = 3, Suite = "isolation" },
            new Entry { Module = "spinner", Slot = BootEndpoints.Spinner, Priority = 4, Daemon = true, Suite = "isolation" },
            // The IPC suite (and the benchmark mode): a server and its client.
            new Entry { Module = "pong", Slot = BootEndpoints.Pong, Priority = 2, Daemon = true, Suite = "ipc" },
            new Entry { Module = "pong", Slot = BootEndpoints.Pong, Priority = 2, Daemon = true, Suite = "fuzz" },
            new Entry { Module = "ping", Slot = BootEndpoints.Ping, Priority = 3, Suite = "ipc" },
            // The fuzz suite: random system calls beside pong.
            new Entry { Module = "fuzzer", Slot = BootEndpoints.Fuzzer, Priority = 3, Suite = "fuzz" },
            new Entry { Module = "init", Slot = BootEndpoints.Init, Priority = 4 },
        };

        // A program's symbol table is the module "<name>.symbols".
        private static Diagnostics.SymbolTable SymbolsFor(BootInfo info, string module)
        {
            string name = string.Concat(module, ".symbols");
            foreach (BootModule candidate in info.Modules)
                if (candidate.Name == name && Diagnostics.SymbolTable.TryParse(DirectMap.ToVirtual(candidate.Start), (int)(candidate.End - candidate.Start), out var table, out _))
                    return table;
            return null;
        }

        // Starts each program whose module is present; returns how many started.
        public static int StartAll(BootInfo info)
        {
            int started = 0;
            foreach (Entry entry in s_table)
            {
                if (entry.Suite != null && entry.Suite != KernelOptions.Suite && !(entry.Suite == "ipc" && KernelOptions.Bench)) continue;
                foreach (BootModule module in info.Modules)
                {
                    if (module.Name != entry.Module) continue;
                    var file = new System.ReadOnlySpan<byte>(DirectMap.ToVirtual(module.Start), (int)(module.End - module.Start));
                    int slot = ProgramLoader.Load(entry.Module, file, entry.Priority, entry.Slot);
                    if (slot < 0) continue;
                    ProcessTable.Slot(slot).Daemon = entry.Daemon;
                    ProcessTable.Slot(slot).Symbols = SymbolsFor(info, entry.Module);
                    started++;
                }
            }
            return started;
        }
    }
}
