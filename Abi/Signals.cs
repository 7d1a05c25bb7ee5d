namespace Lunix.Abi
{
    // Signal numbers (Linux's and MINIX's POSIX numbering). A system process never runs a POSIX
    // handler: the kernel tells the process's signal manager (Privileges.SignalManager), which
    // ends it for a termination signal and otherwise sends it a SefMessages.Signal message.
    public static class Signals
    {
        public const int SIGHUP = 1;
        public const int SIGINT = 2;
        public const int SIGQUIT = 3;
        public const int SIGILL = 4;
        public const int SIGTRAP = 5;
        public const int SIGABRT = 6;
        public const int SIGBUS = 7;
        public const int SIGFPE = 8;
        public const int SIGKILL = 9;
        public const int SIGUSR1 = 10;
        public const int SIGSEGV = 11;
        public const int SIGUSR2 = 12;
        public const int SIGPIPE = 13;
        public const int SIGALRM = 14;
        public const int SIGTERM = 15;
        public const int SIGCHLD = 17;
        public const int SIGCONT = 18;
        public const int SIGSTOP = 19;
        public const int SIGTSTP = 20;      // a terminal's ^Z
        public const int SIGTTIN = 21;      // a background process group read its terminal
        public const int SIGTTOU = 22;      // a background process group wrote to it (TOSTOP) or changed it
        public const int SIGWINCH = 28;     // the terminal's window size changed
        public const int Count = 32;        // signals 1..31, one bit each in a 32-bit set

        // Not a signal: bit 0 of a GETKSIG report tells a signal manager that a process it
        // stopped (RUNCTL) while a server held its call now has the answer (MINIX's SIGSNDELAY
        // tells of a send that completed), so the manager can go on with its signal.
        public const int CallAnswered = 0;

        // Signals whose default action ends the process (everything but the ones that are ignored
        // or only stop/continue by default: SIGCHLD 17, SIGCONT 18, SIGSTOP 19, SIGTSTP 20,
        // SIGTTIN 21, SIGTTOU 22, SIGURG 23, SIGWINCH 28).
        public static bool Terminates(int signal) => signal switch
        {
            17 or 18 or 19 or 20 or 21 or 22 or 23 or 28 => false,
            SIGUSR1 or SIGUSR2 or SIGALRM or SIGHUP => false,   // system processes take these as messages
            _ => signal >= 1 && signal < Count,
        };

        public static uint Bit(int signal) => 1u << signal;
    }

    // GETKSIG's answer: a process with signals pending and the set (bit 1 << signal), or
    // Endpoint = Endpoint.None when no process the caller manages has any.
    public struct SignalReport
    {
        public int Endpoint;
        public uint Signals;
    }
}
