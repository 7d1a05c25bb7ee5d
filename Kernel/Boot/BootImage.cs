using Lunix.Kernel.Console;
using Lunix.Kernel.Ipc;
using Lunix.Kernel.Process;

namespace Lunix.Kernel.Boot
{
    // Loads the kernel's boot table (MINIX's table.c; BootTable, generated from manifest.toml):
    // the few programs the kernel must start itself, each from the multiboot2 module of its name.
    // RS runs at once; the others are loaded but held (ProcessState.Loaded) until RS lets each
    // run in its own table's order, as MINIX holds its boot processes (RTS_NO_PRIV) until RS's
    // SYS_PRIV_ALLOW. Every other program (drivers, the test image's programs) RS loads itself
    // from its service table (LOADPROGRAM).
    public static class BootImage
    {
        // Returns how many programs were loaded.
        public static int LoadAll()
        {
            int loaded = 0;
            foreach (BootProgram entry in BootTable.Programs())
            {
                if (!BootModules.TryProgram(entry.Module, out ProgramImage program))
                {
                    SystemConsole.Print("lunix: boot program %s: no module '%s' in the image\n", entry.Label, entry.Module);
                    continue;
                }
                if (!PrivilegeSets.TryConvert(in entry.Privileges, out var privileges))
                {
                    SystemConsole.Print("lunix: boot program %s: its privileges are invalid\n", entry.Label);
                    continue;
                }
                program.Name = entry.Label;
                program.Priority = entry.Priority;
                program.Daemon = entry.Daemon;
                program.Privileges = privileges;
                if (ProgramLoader.Load(program, entry.Slot, run: entry.RunsFirst) >= 0) loaded++;
            }
            return loaded;
        }
    }
}
