using Lunix.Kernel.Memory;

namespace Lunix.Kernel.Process
{
    // Suspended: it faulted and waits for its signal manager (RS) to restart or clear it; its slot,
    // endpoint and memory are kept until then. Stopped: it faulted with no manager, and only its
    // record is left. AwaitingVm: off the CPU until the VM server resolves its page fault or backs
    // the memory its system call or its incoming message needs (MINIX's RTS_PAGEFAULT and
    // RTS_VMREQUEST; VmWait says which). Held: a live update's new version, loaded by SPAWN, that
    // first runs when UPDATE moves it to the service's slot (so that it never runs anywhere else,
    // RS's own new version included). Loaded: a program of the kernel's boot table, in memory
    // but not yet run, until RS lets it (PRIVCTL Allow, MINIX's RTS_NO_PRIV until SYS_PRIV_ALLOW).
    public enum ProcessState { Free, Runnable, Blocked, Stopped, Suspended, AwaitingVm, Held, Loaded }

    // PageFault: its faulting instruction runs again. KernelCall: a kernel call or IPC trap starts
    // again from its `syscall`. Delivery: a message it received waits in its IPC slot to be
    // written to its buffer (MINIX's MF_DELIVERMSG with vm_suspend).
    public enum VmWait { PageFault, KernelCall, Delivery }

    // One process slot: its address space and what the scheduler needs. What the boot image gave
    // it (name, symbols, whether it is a daemon) is its ProgramImage (ProcessTable.ImageOf). Its
    // saved user registers live in ProcessTable's frame table (they need an exact alignment the
    // heap does not give). Slots live in one array that never moves.
    public struct Process
    {
        public AddressSpace Space;
        public ProcessState State;
        public int Priority;                    // 0 is the most urgent
        public int TicksLeft;                   // of the current quantum
        public int NextRunnable;                // run-queue link, -1 at the end
        public ulong GrantTable;                // its grant table (SETGRANT), in its own memory
        public int GrantEntries;                // 0: it has registered none
        public VmWait VmWait;                   // while AwaitingVm: what for
        public ulong FaultAddress;              // CR2 of its last page fault: for the report if VM refuses, and the siginfo of its SIGSEGV
        public ulong UserTicks;                 // timer ticks that found it running (its CPU time; GETINFO ProcessTimes)
        public ulong SpaceId;                   // names Space for VM: never reused, so VM knows a new space from an old one
        public int SpawnedAt;                   // the endpoint SPAWN loaded this program at (GETINFO InfoSpawnedAt), else Endpoint.None
        public bool Posix;                      // a Linux program (EXEC): its `syscall`s go to PM, VFS or VM (PosixDoor)
        public ulong FsBase;                    // its FS base register (arch_prctl ARCH_SET_FS: thread-local storage)
        public int Pid, ParentPid;              // a POSIX process's ids as PM last set them (POSIXIDS); 0 until then
        public int Cpu;                         // whose run queues it joins (services: the boot processor's)
        public ulong Affinity;                  // the processors it may run on (sched_setaffinity), 0: all

        // A process that still runs or will run again: not free, not stopped or kept for its manager.
        public readonly bool IsLive => State == ProcessState.Runnable || State == ProcessState.Blocked || State == ProcessState.AwaitingVm;
    }
}
