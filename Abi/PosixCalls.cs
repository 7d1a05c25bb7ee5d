namespace Lunix.Abi
{
    // A POSIX process's system call as its server receives it (MINIX's libc message to PM or VFS,
    // here built by the kernel from the registers: Linux's number in RAX, its six arguments in
    // RDI, RSI, RDX, R10, R8 and R9). The kernel sends it in the process's name, routed by
    // Linux.LinuxRoutes, and holds the process until the server answers with a PosixReply, whose
    // Result becomes RAX (a value, or a negated Linux.LinuxErrno). The process is blocked in a
    // SENDREC to the server meanwhile, so a server may answer later, after other requests (a
    // read that waits for input), and the kernel's FORK copies a process waiting this way.
    public static class PosixRequests
    {
        public const int Call = 0x0A00;
        public const int Reply = 0x0A80;
    }

    public struct PosixCall : IMessagePayload
    {
        public long Number;
        public long A0, A1, A2, A3, A4, A5;
    }

    public struct PosixReply : IMessagePayload
    {
        public long Result;
    }
}
