namespace Lunix.Abi
{
    // EXEC's request (MINIX's sys_exec, with what its VM and libexec do done by the kernel's
    // loader): PM starts a Linux program in a new POSIX process, or replaces the program of one
    // that waits for PM's reply to its execve. The caller reads the file and builds the program's
    // start-up stack (argc, argv, envp, auxv: Linux's layout, PM's business); the kernel checks
    // the file, maps its segments (the load bias added for a static-pie program), maps the stack
    // with the caller's image at its top, and starts the program at its entry point with every
    // other register zero. The old program, if any, is gone only once the new one is in place.
    public struct ExecRequest
    {
        public int Target;              // the process to replace, waiting for the caller's reply; Endpoint.None: a new process
        public int ImageOwner;          // Endpoint.Self: the file is in the caller's memory at ImageAddress; else the owner of ImageGrant
        public int ImageGrant;          // a read grant of the file to the caller (with ImageOwner), from offset ImageAddress
        public int Priority;            // a new process's scheduling priority
        public ulong ImageAddress;
        public ulong ImageLength;
        public ulong LoadBias;          // where a position-independent program's address 0 goes (page-aligned); ignored for ET_EXEC
        public ulong StackAddress;      // the start-up stack's image in the caller's memory: copied to end at ExecLayout.StackTop
        public ulong StackLength;       // a multiple of 16, at most ExecLayout.StackMapped
        public ServiceLabel Name;       // the program's name in the kernel's reports
    }

    // The address-space layout every Linux program starts with. The stack's top ExecLayout.
    // StackMapped bytes are mapped by EXEC; VM keeps the rest of the reserve below them, to grow into.
    public static class ExecLayout
    {
        public const ulong StackTop = 0x00007FFFFFFFF000;
        public const ulong StackMapped = 128 * 1024;
        public const ulong StackReserve = 8 * 1024 * 1024;
        public const ulong PieBias = 0x0000555555554000;   // where PM places static-pie programs, as Linux does
        // The vDSO (auxv's AT_SYSINFO_EHDR: Kernel/Vdso) and, one page below it, the clock page it
        // reads (ClockPage), mapped by EXEC into every program a page below the stack's reserve.
        public const ulong VdsoPages = 2;
        public const ulong Vdso = StackTop - StackReserve - (VdsoPages + 1) * 4096;
        public const ulong ClockPage = Vdso - 4096;
    }
}
