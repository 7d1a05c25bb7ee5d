namespace Lunix.Abi
{
    // Kernel-call numbers (trap class Traps.KernelCallClass), MINIX 3's first set. Arguments in
    // RDI, RSI, RDX, R10 as for every trap; each call is allowed only by the caller's call mask.
    public static class KernelCalls
    {
        public const int GetInfo = 1;     // a0 = what (GetInfoRequests), a1 = buffer, a2 = its capacity, a3 = what else the request needs
        public const int Times = 2;
        public const int SetAlarm = 3;
        public const int IrqCtl = 4;      // a0 = IrqCtlRequests.X, a1 = interrupt line (0..15)
        public const int DevIo = 5;
        public const int VDevIo = 6;
        public const int PrivCtl = 7;     // a0 = target endpoint, a1 = PrivCtlRequests.X, a2/a3 = the request's range or line
        public const int Umap = 8;
        public const int Exit = 9;       // a0 = exit status; never returns
        public const int DiagCtl = 10;   // print on the kernel console: a0 = user pointer to ASCII bytes, a1 = length, a2 = DiagCtlFlags
        public const int SetGrant = 11;  // register the caller's grant table: a0 = address, a1 = entries (0: none)
        public const int SafeCopyFrom = 12;  // a0 = the caller's SafeCopyRequest: grant's range -> caller's buffer
        public const int SafeCopyTo = 13;    // a0 = the caller's SafeCopyRequest: caller's buffer -> grant's range

        // Signals and services (RS's calls; each checks that the caller is the target's signal
        // manager, except KILL).
        public const int Kill = 14;          // a0 = endpoint, a1 = signal: raise it (to the target's signal manager)
        public const int GetKSig = 15;       // a0 = the caller's SignalReport: the next managed process with signals pending
        public const int Clear = 16;         // a0 = endpoint: end a process the caller manages
        public const int Restart = 17;       // a0 = endpoint, a1 = 1 to keep the endpoint: a fresh copy of its program; returns its endpoint

        // VM's calls (MINIX's sys_vmctl and friends): only the VM server's mask allows them. A
        // process waiting for VM (a page fault, or a kernel call suspended on missing memory) is
        // resumed by VmResolve alone.
        public const int VmResolve = 19;     // a0 = endpoint waiting for VM, a1 = address, a2 = VmAction, a3 = VmProtection (MapZero)
        public const int VmMap = 20;         // a0 = endpoint, a1 = address, a2 = length, a3 = VmProtection: back the absent pages with zeroed frames
        public const int VmUnmap = 21;       // a0 = endpoint, a1 = address, a2 = length: unmap the pages (holes are fine)
        public const int VmShare = 22;       // a0 = the caller's VmShareRequest: map a range of one process into another
        public const int VmProtect = 23;     // a0 = endpoint, a1 = address, a2 = length, a3 = VmProtection: new rights for the pages there (holes are fine)
        public const int VmMove = 24;        // a0 = endpoint, a1 = from, a2 = to, a3 = length: move the pages of a range to an empty one (mremap)
        public const int VmQuery = 32;       // a0 = endpoint, a1 = address, a2 = length, a3 = the caller's buffer, a byte per page: 1 where a page is mapped (mincore)
        public const int VmRegions = 27;     // a0 = endpoint, a1 = VmRegionsOp, a2 = buffer, a3 = its length: VM's record of the process's regions
        public const int Fork = 28;          // a0 = endpoint blocked in a SENDREC to the caller, waiting for its reply: a copy of it (copy-on-write memory) in a free slot, waiting for the same reply; returns its endpoint


        // Live update (RS's calls; the caller must manage both processes).
        public const int Update = 18;        // a0 = a service's endpoint, a1 = its new version's: the two programs trade slots (RS: itself and its copy)
        public const int Spawn = 25;         // a0 = endpoint (RS: itself): a second copy of its program (the new version), held until UPDATE; returns its endpoint

        public const int Abort = 26;         // a0 = reason (ASCII), a1 = its length: panic (RS: a critical service cannot be brought back)

        // RS starting a service (MINIX's RS forking and exec'ing it): a0 = the caller's
        // ProgramLoadRequest: a program of the boot image into the free slot the request names,
        // with the privileges it gives, runnable at once; returns its endpoint.
        public const int LoadProgram = 29;

        // The POSIX personality (PM's and the other POSIX servers' calls).
        public const int Exec = 30;          // a0 = the caller's ExecRequest: a Linux program into a new or a waiting POSIX process; returns its endpoint
        public const int VirCopy = 31;       // a0 = VirCopyEndpoints.Pack(source, destination), a1 = source address, a2 = destination address, a3 = length: bytes between two processes' memory

        // PM as the signal manager and process manager of POSIX processes (MINIX's sys_runctl,
        // sys_sigsend, sys_sigreturn, sys_setmcontext and sys_abort); each acts only on a process
        // the caller manages.
        public const int RunCtl = 40;        // a0 = endpoint, a1 = RunCtlRequests.X: hold it still, or let it go; Stop returns a RunStates value
        public const int SigSend = 41;       // a0 = the caller's SignalDeliveryRequest: a signal frame on its stack, its registers set for the handler
        public const int SigReturn = 42;     // a0 = endpoint waiting in its rt_sigreturn, a1 = the caller's SignalReturnReport: registers back from its frame
        public const int Registers = 43;     // a0 = endpoint waiting for the caller's reply, a1 = UserRegisters.X, a2 = its new value, a3 = RegisterAccess.X
        public const int Reboot = 44;        // a0 = RebootRequests.X: halt, power off or restart the machine
        public const int PosixIds = 45;      // a0 = endpoint of a POSIX process, a1 = its pid, a2 = its parent's: the kernel answers getpid, gettid and getppid from them

        // Device memory and DMA memory for drivers (MINIX's vm_map_phys and alloc_contig), made by VM
        // for the driver that asks it (Libs/SystemLibrary/VirtualMemory.cs):
        public const int VmMapPhysical = 46;   // a0 = endpoint, a1 = address, a2 = length, a3 = PhysicalMapping.Pack(physical, caching): the physical range, inside the target's memory ranges (PrivilegeSet.AllowMemory) and outside RAM, at the address
        public const int VmMapContiguous = 47; // a0 = endpoint, a1 = address, a2 = length: physically contiguous zeroed frames below 4 GiB at the address; returns the first one's physical address

        // PM's futexes (Servers/Pm/Futexes.cs): what names a futex word several processes share.
        public const int FutexKey = 48;        // a0 = endpoint of a POSIX process the caller manages, a1 = the address of an aligned 32-bit word it maps: the word's physical address when its page is MAP_SHARED memory, 0 for private memory; EFAULT when not mapped

        // PM's sched_setaffinity and sched_getaffinity (Kernel/Calls/DoAffinity.cs).
        public const int Affinity = 49;        // a0 = endpoint of a POSIX process the caller manages, a1 = the processors it may run on (bit n: processor n), 0 to leave them: returns the processors it may run on (a mask, negative when processor 63 is in it; -1..-4095 are errors)

        public const int Last = Affinity;
    }

    // GETINFO's requests (its a0).
    public static class GetInfoRequests
    {
        public const int Kernel = 1;           // four words: total frames, free frames, process slots in use, process slots in all
        public const int BootParameters = 3;   // the caller's BootParameters (a1)
        public const int ServiceOptions = 4;   // the command line's `service.key=value` items, for the services to parse (ASCII, a2 = buffer bytes); returns the length
        public const int SpawnedAt = 5;        // the endpoint SPAWN loaded the caller's program at (RS's new version: where the old one waits), else Endpoint.None
        public const int BootModule = 6;       // the bytes of the boot module a3 (a ServiceLabel) names into a1 (a2 bytes); returns its length
        public const int InitArguments = 7;    // what follows `--` on the command line, init's arguments (ASCII, a2 = buffer bytes); returns the length
        public const int Clock = 8;            // the caller's ClockInfo (a1): ticks, the tick rate, the TSC, its value at boot and its rate
        public const int ProcessTimes = 9;     // the caller's ProcessTimes (a1) of the process at endpoint a3: its CPU time and mapped memory
        public const int ProcessFigures = 10;  // the caller's ProcessFigures (a1) of the process at endpoint a3: ProcessTimes and the bytes its regions span
        public const int CpuTicks = 11;        // the caller's CpuTicks (a1): the timer ticks since boot, by what they found running
        public const int Framebuffer = 12;     // the caller's FramebufferInfo (a1): the screen the firmware left (Format None: no screen)
    }

    // GETINFO Clock's answer: time since boot in ticks and in TSC counts.
    public struct ClockInfo
    {
        public ulong Ticks;
        public ulong TickHz;
        public ulong Tsc;                      // read with Ticks
        public ulong BootTsc;                  // the TSC when the kernel started
        public ulong TscPerSecond;             // as calibrated against the timer at boot
        public ClockPage Page;                 // what the vDSO reads (the same arithmetic for PM)
    }

    // GETINFO ProcessTimes's answer: the timer ticks that found the process running (always in
    // ring 3: the kernel runs with interrupts off, and time in servers is the servers'), and the
    // bytes of memory it has mapped now.
    public struct ProcessTimes
    {
        public ulong UserTicks;
        public ulong ResidentBytes;
    }

    // GETINFO ProcessFigures's answer, what /proc/PID/stat shows of a process: ProcessTimes,
    // and the bytes of address space its regions span (VM's record of them, VMREGIONS). A
    // request of its own so that PM's exit and getrusage do not pay for the regions' sum.
    public struct ProcessFigures
    {
        public ProcessTimes Times;
        public ulong VirtualBytes;
        public int Processor;                  // the processor whose run queues it joins (stat's `processor`)
        public int Reserved;
    }

    // GETINFO CpuTicks's answer (/proc/stat's cpu line): the timer ticks since boot that found a
    // POSIX process running, those that found a service or driver running (the work done for
    // the POSIX processes: what Linux counts as system time), and those that found the CPU idle.
    public struct CpuTicks
    {
        public ulong Posix;
        public ulong Services;
        public ulong Idle;
        public ulong TickHz;
    }

    // DIAGCTL's flags (its a2): what to do.
    public static class DiagCtlFlags
    {
        public const int Line = 0;             // one line: the console ends it; control characters shown as '?'
        public const int Raw = 1;              // a terminal's output, as it is: no newline added, line ends, tabs, backspace and escapes kept
        // The terminal driver's side of COM1 (Kernel/Console/KernelLog.cs, docs/posix.md "The terminal"):
        public const int Screen = 2;           // its output, as Raw, on the screen only: it writes the serial port itself
        public const int TakeSerial = 3;       // it takes COM1 over (its ports in its privileges): the kernel's text waits in
                                               // the kernel's log, and the kernel notifies it when there is some
        public const int SendLog = 4;          // it sends up to a1 bytes of the log on COM1 now, as many as the UART takes
                                               // without waiting; a0 = where the kernel copies the bytes it sent; returns how many
        public const int LogPending = 5;       // returns how many bytes of the log wait to be sent
        public const int TakeScreen = 6;       // it draws the screen's consoles itself (the screen's memory in its privileges): the kernel
                                               // stops drawing there until it ends or a crash report prints
        public const int ScreenMode = 7;       // the screen's holder set a mode: a0 = width << 32 | height (pixels),
                                               // a1 = pitch << 32 | the visible part's offset in the boot screen's memory;
                                               // the kernel draws in it when it takes the screen back
    }

    // IRQCTL's requests (its a0).
    public static class IrqCtlRequests
    {
        public const int Attach = 1;
        public const int Enable = 2;
        public const int Detach = 3;
        // Attach to a PCI device's INTx line (its configuration space's interrupt line): level-
        // triggered where the I/O APIC carries it; the PIC's trigger mode is the firmware's (ELCR).
        public const int AttachPci = 4;
    }

    // PRIVCTL's requests (its a1), MINIX's sys_privctl: the caller needs PRIVCTL in its mask.
    public static class PrivCtlRequests
    {
        public const int StopGranting = 1;     // clear the target's kernel-call mask (it becomes a restricted process)
        public const int CopyPrivileges = 2;   // give it the caller's privileges
        public const int Allow = 3;            // let a boot program the kernel loaded and holds run (MINIX's SYS_PRIV_ALLOW)
        public const int MakeUser = 4;         // make it a user process, sharing the user privilege record (MINIX's SYS_PRIV_SET_USER)
        // A device's resources, added to the target's privileges by the PCI server when a driver
        // reserves the device (MINIX's SYS_PRIV_ADD_IO, ADD_MEM, ADD_IRQ):
        public const int AddPorts = 5;         // I/O ports a2 (first) to a3 (last), inclusive
        public const int AddMemory = 6;        // physical memory a2 (base) to a2 + a3 (length)
        public const int AddIrq = 7;           // interrupt line a2
    }
}
