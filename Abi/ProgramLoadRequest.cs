using System;

namespace Lunix.Abi
{
    // LOADPROGRAM's request (RS starting a service): which program of the boot image, into which
    // slot, how urgent, and with which privileges.
    public struct ProgramLoadRequest
    {
        public const int Priorities = 16;   // 0 (most urgent) to 15: the scheduler's queues

        public ServiceLabel Module;         // the boot module holding the ELF program
        public ServiceLabel Name;           // its name in the kernel's reports (the service's label)
        public int Slot;                    // the free slot to load it in: its endpoint is fixed by the manifest
        public int Priority;                // 0 is the most urgent, below Priorities
        public ProgramLoadFlags Flags;
        public int Reserved;
        public PrivilegeSet Privileges;
    }

    [Flags]
    public enum ProgramLoadFlags
    {
        None = 0,
        Daemon = 1,         // runs for ever: `poweroff` does not wait for it
    }
}
