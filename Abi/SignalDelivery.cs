using Lunix.Abi.Linux;

namespace Lunix.Abi
{
    // SIGSEND's request (MINIX's sys_sigsend and its sigmsg): PM, the signal manager of POSIX
    // processes, has a process run a signal handler. The kernel writes Linux's signal frame
    // (Linux.SignalFrame) on the process's stack, or on its alternate stack, and sets its
    // registers so that it next runs the handler. The process must be in a state where its
    // registers are final: waiting for the caller's reply (its call then ends with CallResult),
    // stopped by the caller (RUNCTL), with its call's answer, if any, already in, or taken off the
    // CPU by a fault (Fault: the frame and the siginfo then describe the fault).
    public unsafe struct SignalDeliveryRequest
    {
        public int Target;
        public int Signal;
        public SignalDeliveryFlags Flags;
        public ulong Handler;
        public ulong Restorer;              // sa_restorer: the handler returns there, to make rt_sigreturn
        public ulong Mask;                  // what uc_sigmask gets: the mask rt_sigreturn puts back
        public SignalStack Stack;           // the process's alternate stack (Size 0: none)
        public long CallResult;             // a call to the caller ends with this; PosixErrors.Restart: made again with Restart, else EINTR
        public fixed byte Info[SignalFrame.InfoSize];   // Linux's siginfo; with Fault the kernel fills in si_code and si_addr
    }

    [System.Flags]
    public enum SignalDeliveryFlags
    {
        None = 0,
        OnStack = 1,            // SA_ONSTACK: on the alternate stack, if the process has one and is not on it
        Restart = 2,            // SA_RESTART: an interrupted call whose answer is PosixErrors.Restart is made again
        Fault = 4,              // the signal is the process's fault, which the kernel describes
    }

    // SIGRETURN's report to the caller: what the frame held that is PM's to keep.
    public struct SignalReturnReport
    {
        public ulong Mask;                  // uc_sigmask
        public SignalStack Stack;           // uc_stack
        public ulong StackPointer;          // the RSP it returns to (whether it is on the alternate stack)
    }

    // RUNCTL's requests (its a1), MINIX's RC_STOP and RC_RESUME.
    public static class RunCtlRequests
    {
        public const int Stop = 1;
        public const int Resume = 2;
    }

    // What RUNCTL Stop found the process doing (its result).
    public static class RunStates
    {
        // Running user code, or its call's answer is in (a call still queued for its server was
        // taken back, to be made again when it runs): SIGSEND may go ahead.
        public const int Ready = 0;
        // In a call a server has taken and not answered, or in a page fault VM has not resolved:
        // the kernel raises Signals.CallAnswered for the caller when the answer is in.
        public const int InCall = 1;
        // In a call to the caller itself, which the caller has not answered.
        public const int WaitsForCaller = 2;
        // Off the CPU after a fault, which the caller decides about (the fault's signal comes by GETKSIG).
        public const int Faulted = 3;
    }

    // REGISTERS' a1: which register of a process waiting for the caller's reply it reads or
    // sets (a3: RegisterAccess).
    public static class UserRegisters
    {
        public const int StackPointer = 1;      // clone's child on a stack of its own; sigaltstack's SS_ONSTACK
        public const int FsBase = 2;            // clone's CLONE_SETTLS
    }

    public static class RegisterAccess
    {
        public const int Read = 0;              // the result is the register's value
        public const int Write = 1;             // a2 is its new value
    }

    // REBOOT's a0 (MINIX's RBT_*): what the machine does once PM has had VFS sync.
    public static class RebootRequests
    {
        public const int Halt = 1;
        public const int PowerOff = 2;
        public const int Restart = 3;
    }
}
