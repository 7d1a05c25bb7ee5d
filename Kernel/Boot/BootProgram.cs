using Lunix.Abi;

namespace Lunix.Kernel.Boot
{
    // One program of the kernel's boot table (BootTable, generated from manifest.toml): the
    // programs the kernel loads itself. RunsFirst: RS, which runs at once; the others wait for
    // RS to let them run (PRIVCTL Allow), in RS's own order.
    internal struct BootProgram
    {
        public string Module;           // its boot module: the project's ImageName
        public string Label;            // its name in reports
        public int Slot;                // fixed, so its endpoint is known (BootEndpoints)
        public int Priority;
        public bool Daemon;             // runs for ever: `poweroff` does not wait for it
        public bool RunsFirst;
        public PrivilegeSet Privileges;
    }
}
