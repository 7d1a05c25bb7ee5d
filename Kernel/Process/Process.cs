using Lunix.Arch.X86;
using Lunix.Kernel.Memory;

namespace Lunix.Kernel.Process
{
    public enum ProcessState { Free, Runnable, Stopped }

    // One process slot: the user registers saved while it is not running (the CPU and the trap
    // stubs write them here directly: TSS.RSP0 points at the end of Frame), its address space,
    // and what the scheduler needs. Slots live in one array that never moves.
    public struct Process
    {
        public TrapFrame Frame;                 // must stay first (see ProcessTable.FrameTop)
        public AddressSpace Space;
        public ProcessState State;
        public string Name;
        public int Priority;                    // 0 is the most urgent
        public int TicksLeft;                   // of the current quantum
        public int NextRunnable;                // run-queue link, -1 at the end
        public bool Daemon;                     // runs for ever: `poweroff` does not wait for it
        public Diagnostics.SymbolTable Symbols; // the program's own, for its fault reports (may be null)
    }
}
