namespace Lunix.Abi.Linux
{
    // Linux's signals as x86-64 programs see them (asm/signal.h, asm-generic/siginfo.h): numbers
    // 1 to 64 (32 to 64 real-time), the kernel's 64-bit sigset_t (bit signal - 1), sigaction's
    // flags, sigaltstack's, siginfo's codes, and each signal's default action. PM keeps every
    // process's signal state in these terms; the kernel reads only what it needs to build and
    // take down a signal frame (SignalFrame).
    public static class LinuxSignals
    {
        public const int SIGHUP = 1, SIGINT = 2, SIGQUIT = 3, SIGILL = 4, SIGTRAP = 5, SIGABRT = 6, SIGBUS = 7, SIGFPE = 8,
                         SIGKILL = 9, SIGUSR1 = 10, SIGSEGV = 11, SIGUSR2 = 12, SIGPIPE = 13, SIGALRM = 14, SIGTERM = 15,
                         SIGSTKFLT = 16, SIGCHLD = 17, SIGCONT = 18, SIGSTOP = 19, SIGTSTP = 20, SIGTTIN = 21, SIGTTOU = 22,
                         SIGURG = 23, SIGXCPU = 24, SIGXFSZ = 25, SIGVTALRM = 26, SIGPROF = 27, SIGWINCH = 28, SIGIO = 29,
                         SIGPWR = 30, SIGSYS = 31;
        public const int SIGRTMIN = 32;
        public const int Max = 64;                  // _NSIG - 1: the highest signal number
        public const int SetSize = 8;               // sizeof(sigset_t) in the kernel's calls (rt_sigaction's sigsetsize)

        // sigaction's sa_flags.
        public const ulong SA_NOCLDSTOP = 0x1, SA_NOCLDWAIT = 0x2, SA_SIGINFO = 0x4, SA_UNSUPPORTED = 0x400,
                           SA_EXPOSE_TAGBITS = 0x800, SA_RESTORER = 0x04000000, SA_ONSTACK = 0x08000000,
                           SA_RESTART = 0x10000000, SA_NODEFER = 0x40000000, SA_RESETHAND = 0x80000000;

        // sa_handler's two special values.
        public const ulong SIG_DFL = 0, SIG_IGN = 1;

        // rt_sigprocmask's how.
        public const int SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;

        // sigaltstack's ss_flags, and the smallest stack it takes (MINSIGSTKSZ).
        public const int SS_ONSTACK = 1, SS_DISABLE = 2, SS_AUTODISARM = unchecked((int)0x80000000);
        public const ulong MinimumAltStack = 2048;

        // siginfo's si_code: who sent it (negative: a process), or why the kernel did.
        public const int SI_USER = 0, SI_KERNEL = 0x80, SI_QUEUE = -1, SI_TIMER = -2, SI_TKILL = -6;
        public const int CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3, CLD_TRAPPED = 4, CLD_STOPPED = 5, CLD_CONTINUED = 6;
        public const int SEGV_MAPERR = 1, SEGV_ACCERR = 2;
        public const int BUS_ADRALN = 1;
        public const int ILL_ILLOPN = 2;
        public const int FPE_INTDIV = 1, FPE_FLTDIV = 3, FPE_FLTOVF = 4, FPE_FLTUND = 5, FPE_FLTRES = 6, FPE_FLTINV = 7;
        public const int TRAP_BRKPT = 1;

        // What a signal does when its action is SIG_DFL (signal(7)).
        public enum DefaultAction : byte { Terminate, Core, Ignore, Stop, Continue }

        public static DefaultAction DefaultOf(int signal) => signal switch
        {
            SIGQUIT or SIGILL or SIGTRAP or SIGABRT or SIGBUS or SIGFPE or SIGSEGV or SIGXCPU or SIGXFSZ or SIGSYS => DefaultAction.Core,
            SIGCHLD or SIGURG or SIGWINCH => DefaultAction.Ignore,
            SIGCONT => DefaultAction.Continue,
            SIGSTOP or SIGTSTP or SIGTTIN or SIGTTOU => DefaultAction.Stop,
            _ => DefaultAction.Terminate,
        };

        public static bool IsValid(int signal) => signal >= 1 && signal <= Max;

        public static bool IsRealTime(int signal) => signal >= SIGRTMIN && signal <= Max;

        // A signal's bit in a sigset_t.
        public static ulong Bit(int signal) => 1UL << (signal - 1);

        // What no process can block, catch or ignore.
        public const ulong Unblockable = (1UL << (SIGKILL - 1)) | (1UL << (SIGSTOP - 1));

        public const ulong StopSignals = (1UL << (SIGSTOP - 1)) | (1UL << (SIGTSTP - 1)) | (1UL << (SIGTTIN - 1)) | (1UL << (SIGTTOU - 1));

        // The signals a fault raises: delivered before any other pending signal (Linux's
        // SYNCHRONOUS_MASK).
        public const ulong Synchronous = (1UL << (SIGSEGV - 1)) | (1UL << (SIGBUS - 1)) | (1UL << (SIGILL - 1)) | (1UL << (SIGTRAP - 1))
                                         | (1UL << (SIGFPE - 1)) | (1UL << (SIGSYS - 1));
    }
}
