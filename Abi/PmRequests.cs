namespace Lunix.Abi
{
    // Requests to PM from the other POSIX servers and drivers that are not a process's system
    // call. They are sent by SENDA and have no reply: the sender must never wait on PM, which
    // waits on VFS and VM.
    public static class PmRequests
    {
        // A PmSignal: raise Signal in every process of ProcessGroup (a terminal's ^C, ^Z, ^\,
        // SIGHUP on hang-up, SIGTTIN/SIGTTOU to a background group, SIGWINCH), or, when
        // ProcessGroup is 0, in the process Process (VFS's SIGPIPE). Only VFS and the terminal
        // drivers may send it.
        public const int Signal = 0x0D00;
    }

    public struct PmSignal : IMessagePayload
    {
        public int ProcessGroup;
        public int Process;                 // an endpoint, when ProcessGroup is 0
        public int Signal;
    }
}
